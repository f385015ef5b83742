// Timers that their owner can stop, so a view stops everything it started when it goes away (another screen, a lost
// connection, a hidden or left page). No DOM: the clock's functions are injected, the browser's by default.

/**
 * The timers one owner started, to be stopped at once.
 * @param {object} [clock] setInterval, clearInterval, setTimeout and clearTimeout (the global ones by default)
 */
export function createTimers(clock = globalThis) {
  const intervals = new Set();
  const timeouts = new Set();

  return {
    /** Calls fn every ms until the returned function or stop() cancels it. */
    every(ms, fn) {
      const id = clock.setInterval(fn, ms);
      intervals.add(id);
      return () => {
        if (intervals.delete(id)) clock.clearInterval(id);
      };
    },
    /** Calls fn once after ms, unless the returned function or stop() cancels it first. */
    after(ms, fn) {
      const id = clock.setTimeout(() => {
        timeouts.delete(id);
        fn();
      }, ms);
      timeouts.add(id);
      return () => {
        if (timeouts.delete(id)) clock.clearTimeout(id);
      };
    },
    /** Cancels every timer still pending; the owner can start new ones afterwards. */
    stop() {
      for (const id of intervals) clock.clearInterval(id);
      for (const id of timeouts) clock.clearTimeout(id);
      intervals.clear();
      timeouts.clear();
    },
    /** How many timers are pending. */
    get active() {
      return intervals.size + timeouts.size;
    },
  };
}

/**
 * A view's repeated job (a refresh, a sample, a countdown): start() runs it at once and then every ms, until stop().
 * Starting it while it runs, or stopping it while it does not, changes nothing.
 */
export function repeat(ms, fn, clock = globalThis) {
  const timers = createTimers(clock);
  return {
    start() {
      if (timers.active > 0) return;
      timers.every(ms, fn);
      fn();
    },
    stop() {
      timers.stop();
    },
    get running() {
      return timers.active > 0;
    },
  };
}

/**
 * Calls fn once calls stop for `ms`, with the last arguments. The returned function has cancel(), which drops a call
 * still pending.
 */
export function debounce(fn, ms, clock = globalThis) {
  let timer = null;
  const debounced = (...args) => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  debounced.cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  return debounced;
}
