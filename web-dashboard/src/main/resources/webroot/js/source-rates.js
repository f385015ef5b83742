// Each source's speed in a download, derived from its byte counts in successive updates. Pure: the caller passes
// the time (performance.now() in the page).

/** Updates shorter apart than this do not change the speed: their byte counts say too little. */
const MIN_SPAN_MS = 200;

/**
 * Folds a download's new source byte counts into rates (a Map peerId -> {bytes, at, speed}). While the download is
 * not transferring every speed is 0; otherwise each is the mean of the last one and the rate since the last update.
 */
export function trackRates(rates, sources, transferring, now) {
  for (const source of sources || []) {
    const bytes = source.bytes || 0;
    const previous = rates.get(source.peerId);
    if (!previous) {
      rates.set(source.peerId, { bytes, at: now, speed: 0 });
      continue;
    }
    const span = now - previous.at;
    if (!transferring) {
      previous.speed = 0;
    } else if (span >= MIN_SPAN_MS) {
      const instant = (Math.max(0, bytes - previous.bytes) * 1000) / span;
      previous.speed = previous.speed ? (previous.speed + instant) / 2 : instant;
    } else {
      continue;
    }
    previous.bytes = bytes;
    previous.at = now;
  }
}

/** Each source's part of all bytes received, as a whole percent (0 when nothing was received). */
export function sharePercent(bytes, total) {
  return total > 0 ? Math.round((100 * (bytes || 0)) / total) : 0;
}
