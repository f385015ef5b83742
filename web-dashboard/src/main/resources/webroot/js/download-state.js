// What a download's state means to the page: which actions it offers, what counts as finished, and the figures shown
// for it. Pure functions, no DOM.

import * as fmt from './format.js';

const CANCELLABLE = new Set(['queued', 'running', 'waiting', 'paused']);
const PAUSABLE = new Set(['queued', 'running', 'waiting']);
const RETRYABLE = new Set(['failed', 'cancelled']);
const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const ANNOUNCED = new Set(['completed', 'failed']);

/**
 * The state the page shows. `waiting` is a download that waits for a source and asks the tracker again at retryAt;
 * an older node reports it as `running` with a retryAt, so that is shown as waiting too. `running` then always
 * means transferring.
 */
export function shownState(download) {
  if (!download) return undefined;
  if (download.state === 'running' && Number.isFinite(download.retryAt) && download.retryAt > 0) return 'waiting';
  return download.state;
}

export const canCancel = (state) => CANCELLABLE.has(state);
export const canPause = (state) => PAUSABLE.has(state);
export const canResume = (state) => state === 'paused';
export const canRetry = (state) => RETRYABLE.has(state);
/** Completed, failed or cancelled: it never changes again (waiting and paused downloads are not finished). */
export const isFinished = (state) => FINISHED.has(state);

/** Whether a change from state `before` (undefined for a download first seen) is news: it completed or failed. */
export function isNews(before, after) {
  return before !== undefined && before !== after && ANNOUNCED.has(after);
}

// An older node's text for a download that waits: its reason inside a sentence whose "next try" soon goes stale.
const OLDER_WAIT_TEXT = /^waiting for a source \((.+)\); next try in \d+ s$/s;

/** Why a download waits, without an older node's wording around the reason. */
export function waitReason(error) {
  if (!error) return 'no source yet';
  const older = OLDER_WAIT_TEXT.exec(error);
  return older ? older[1] : error;
}

/** Why a waiting download waits and when it asks the tracker again, relative to now. */
export function waitingText(download, now = Date.now()) {
  const why = waitReason(download.error);
  if (!Number.isFinite(download.retryAt) || download.retryAt <= 0) return `Waiting: ${why}`;
  return `Waiting: ${why} · asking the tracker again ${fmt.countdown(download.retryAt, now)}`;
}

/** The numbers of a download's progress line: done bytes, percent, and speed and time left while transferring. */
export function figures(download) {
  const state = shownState(download);
  const size = download.size || 0;
  const done = state === 'completed' ? size : download.bytesDone || 0;
  const transferring = state === 'running';
  const perSecond = download.bytesPerSecond || 0;
  return {
    done,
    percent: fmt.percent(done, download.size),
    amount: `${fmt.bytes(done)} of ${fmt.bytes(download.size)}`,
    speed: transferring ? fmt.speed(perSecond) : '',
    eta: transferring && perSecond > 0 ? `${fmt.duration(Math.max(0, size - done) / perSecond)} left` : '',
  };
}

/** The speed of all transferring downloads together, bytes per second. */
export function totalSpeed(downloads) {
  let sum = 0;
  for (const download of downloads) {
    if (shownState(download) === 'running' && download.bytesPerSecond > 0) sum += download.bytesPerSecond;
  }
  return sum;
}
