// The live connection: one WebSocket that only pushes. On close it reconnects with backoff (1 s, 2 s, 4 s, 8 s,
// then every 10 s); every new connection starts with a snapshot that replaces the page's state.

import { createTimers } from './timers.js';

const MAX_DELAY_MS = 10_000;

/** The WebSocket's URL on the page's own host (`where` is a Location or URL), the token as a query parameter. */
export function socketUrl(where, token) {
  const scheme = where.protocol === 'https:' ? 'wss://' : 'ws://';
  return `${scheme}${where.host}/ws?token=${encodeURIComponent(token ?? '')}`;
}

/** How long to wait before the retry after `attempt` failed ones: 1 s, doubling, at most 10 s. */
export function retryDelay(attempt) {
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.max(0, Math.min(attempt, 30)));
}

/**
 * @param {object} handlers
 * @param {() => string} handlers.token the current token
 * @param {(message: object) => void} handlers.onMessage every parsed message, the snapshot first
 * @param {() => void} handlers.onLost the connection closed (or never opened); a retry is scheduled
 * @param {() => Promise<boolean>} handlers.beforeRetry resolves false to stop retrying (e.g. the token is wrong)
 * @param {object} [env] the browser's by default: openSocket(url) → WebSocket, clock (timer functions), where (URL)
 * @returns {{stop: () => void}} stop() closes the socket and cancels a pending retry for good
 */
export function connectLive({ token, onMessage, onLost, beforeRetry },
  { openSocket = (url) => new WebSocket(url), clock = globalThis, where = globalThis.location } = {}) {
  let socket = null;
  let attempt = 0;
  const timers = createTimers(clock);
  let stopped = false;

  function open() {
    if (stopped) return;
    socket = openSocket(socketUrl(where, token()));
    socket.addEventListener('message', (event) => {
      if (stopped) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === 'snapshot') attempt = 0;
      onMessage(message);
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (stopped) return;
      onLost();
      scheduleRetry();
    });
  }

  function scheduleRetry() {
    const delay = retryDelay(attempt);
    attempt++;
    timers.after(delay, async () => {
      let go = true;
      try {
        go = await beforeRetry();
      } catch (e) {
        go = true;
      }
      if (stopped) return;
      if (go) open();
      else stop();
    });
  }

  function stop() {
    stopped = true;
    timers.stop();
    if (socket) socket.close();
    socket = null;
  }

  open();
  return { stop };
}
