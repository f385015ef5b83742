// The last minute of total download speed for the graph: one sample per period, and a gap (null) for the periods
// no sample was taken in (the graph stopped while its view was away). Pure: the caller passes the time.

export function createSpeedHistory(size, periodMs) {
  let samples = new Array(size).fill(null);
  let lastAt = null;

  return {
    /** Adds the speed sampled at `now`; periods missed since the last sample become gaps first. */
    add(value, now) {
      if (lastAt !== null) {
        const missed = Math.min(size, Math.round((now - lastAt) / periodMs) - 1);
        for (let i = 0; i < missed; i++) samples.push(null);
      }
      samples.push(Number.isFinite(value) && value > 0 ? value : 0);
      samples = samples.slice(-size);
      lastAt = now;
    },
    /** Oldest first; null where no sample was taken. */
    values() {
      return samples.slice();
    },
    /** The highest sample, 0 when there is none. */
    peak() {
      return samples.reduce((max, v) => (v !== null && v > max ? v : max), 0);
    },
  };
}
