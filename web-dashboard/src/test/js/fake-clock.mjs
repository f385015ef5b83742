// A clock for tests: setInterval, setTimeout and their clear functions, run by advance() instead of by time.

export function fakeClock() {
  let now = 0;
  let nextId = 1;
  const pending = new Map(); // id -> {at, fn, period}
  const cleared = [];

  const schedule = (fn, ms, period) => {
    const id = nextId++;
    pending.set(id, { at: now + ms, fn, period });
    return id;
  };
  const clear = (id) => {
    cleared.push(id);
    pending.delete(id);
  };

  return {
    setInterval: (fn, ms) => schedule(fn, ms, ms),
    setTimeout: (fn, ms) => schedule(fn, ms, null),
    clearInterval: clear,
    clearTimeout: clear,
    /** Runs every timer due within ms, in time order, then sets the time to now + ms. */
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let dueId = null;
        for (const [id, timer] of pending) {
          if (timer.at <= until && (dueId === null || timer.at < pending.get(dueId).at)) dueId = id;
        }
        if (dueId === null) break;
        const timer = pending.get(dueId);
        now = timer.at;
        if (timer.period === null) pending.delete(dueId);
        else timer.at += timer.period;
        timer.fn();
      }
      now = until;
    },
    get pending() {
      return pending.size;
    },
    /** The ids passed to a clear function, in order. */
    cleared,
  };
}
