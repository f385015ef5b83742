// The live connection: one WebSocket that only pushes. On close it reconnects with backoff (1 s, 2 s, 4 s, 8 s,
// then every 10 s); every new connection starts with a snapshot that replaces the page's state.

const MAX_DELAY_MS = 10_000;

export function socketUrl(token) {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  return scheme + location.host + '/ws?token=' + encodeURIComponent(token);
}

/**
 * @param {object} handlers
 * @param {() => string} handlers.token the current token
 * @param {(message: object) => void} handlers.onMessage every parsed message, the snapshot first
 * @param {() => void} handlers.onLost the connection closed (or never opened); a retry is scheduled
 * @param {() => Promise<boolean>} handlers.beforeRetry resolves false to stop retrying (e.g. the token is wrong)
 */
export function connectLive({ token, onMessage, onLost, beforeRetry }) {
  let socket = null;
  let attempt = 0;
  let retryTimer = null;
  let stopped = false;

  function open() {
    if (stopped) return;
    socket = new WebSocket(socketUrl(token()));
    socket.addEventListener('message', (event) => {
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
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
    attempt++;
    retryTimer = setTimeout(async () => {
      retryTimer = null;
      let go = true;
      try {
        go = await beforeRetry();
      } catch (e) {
        go = true;
      }
      if (go) open();
      else stop();
    }, delay);
  }

  function stop() {
    stopped = true;
    clearTimeout(retryTimer);
    if (socket) socket.close();
    socket = null;
  }

  open();
  return { stop };
}
