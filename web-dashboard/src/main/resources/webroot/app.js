// The dashboard's entry point: the token, the live connection, and the sections it feeds.

import { api } from './js/api.js';
import { $ } from './js/dom.js';
import { connectLive } from './js/live.js';
import { adoptTokenFromUrl, clearToken, getToken, setToken } from './js/token.js';
import { createPeersView } from './js/peers-view.js';
import { createFilesView } from './js/files-view.js';
import { createDownloadsView } from './js/downloads-view.js';
import { createNodeView } from './js/node-view.js';
import { createSpeedGraph } from './js/speed-graph.js';
import { createShareUpload } from './js/share-upload.js';
import { createUploadsView } from './js/uploads-view.js';
import { createNotifier } from './js/notify.js';

adoptTokenFromUrl();

const banner = $('[data-testid="banner"]');
const message = $('[data-testid="message"]');
const auth = $('[data-testid="auth"]');
const authError = $('[data-testid="auth-error"]');
const login = $('[data-testid="login"]');
const content = $('main.content');

let live = null;
let connectionLost = false;
let liveData = false; // a snapshot came and its socket is still open
let generation = 0; // counts stopLive() calls: a start() that one overtook gives up
let node = null;

function showMessage(text) {
  message.querySelector('.message-text').textContent = text;
  message.hidden = false;
}
message.querySelector('.message-close').addEventListener('click', () => {
  message.hidden = true;
});

/** API errors: a 401 means the token is wrong, anything else is shown as the server's message. */
function onError(error) {
  if (error && error.unauthorized) authFailed();
  else showMessage(error && error.message ? error.message : String(error));
}

function updateBanner() {
  let text = '';
  if (connectionLost) text = 'Connection lost — reconnecting…';
  else if (node && node.trackerRefusal) text = node.trackerRefusal;
  else if (node && node.trackerConnected === false) text = 'Tracker unreachable — the network view may be out of date.';
  banner.textContent = text;
  banner.hidden = !text;
}

const peers = createPeersView($('[data-testid="peers"]'), $('[data-testid="peers-status"]'),
  $('[data-testid="peer-count"]'));
const nodeView = createNodeView($('[data-testid="node"]'), $('[data-testid="shares"]'),
  $('[data-testid="shares-status"]'), $('[data-testid="node-name"]'));
const notifier = createNotifier(() => (node && node.name ? `${node.name} · p2pshare` : 'p2pshare'));
const downloads = createDownloadsView($('[data-testid="downloads"]'), $('[data-testid="downloads-empty"]'), {
  api,
  onError,
  onChange: (before, download) => notifier.changed(before, download),
  onDownloadStarted: (download) => downloads.update(download),
});
const files = createFilesView(
  { input: $('[data-testid="search"]'), table: $('[data-testid="files"]'), status: $('[data-testid="files-status"]'),
    empty: $('[data-testid="files-empty"]'), linkText: $('[data-testid="link-text"]') },
  { api, onError, onDownloadStarted: (download) => downloads.update(download) });
createShareUpload(
  { zone: $('[data-testid="drop-zone"]'), input: $('[data-testid="upload-input"]'),
    status: $('[data-testid="upload-status"]') },
  { onError: showMessage });

const linkForm = $('[data-testid="link-form"]');
linkForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = linkForm.querySelector('input');
  try {
    downloads.update(await api.startLink(input.value.trim()));
    input.value = '';
  } catch (e) {
    onError(e);
  }
});
const uploads = createUploadsView({ totals: $('[data-testid="transfer-totals"]'), table: $('[data-testid="uploads"]'),
  status: $('[data-testid="uploads-status"]') });
const speedGraph = createSpeedGraph($('[data-testid="speed-graph"]'), $('[data-testid="speed-now"]'),
  () => downloads.totalSpeed());

// The views with timers run them only while they show live data to someone: the content is shown, the socket has
// sent its snapshot and is open, and the page is visible. Anything else stops every timer they started.
const timedViews = [peers, downloads, speedGraph];
function syncTimers() {
  const run = liveData && !content.hidden && !document.hidden;
  for (const view of timedViews) {
    if (run) view.start();
    else view.stop();
  }
}
document.addEventListener('visibilitychange', () => {
  syncTimers();
  if (!document.hidden && liveData) files.refresh();
});

const listOf = (value, key) => (Array.isArray(value) ? value : (value && value[key]) || []);

function setNode(value) {
  if (!value) return;
  node = value;
  nodeView.render(node);
  notifier.refresh();
  peers.setSelf(node.peerId);
  updateBanner();
}

function onLiveMessage(msg) {
  switch (msg.type) {
    case 'snapshot':
      connectionLost = false;
      liveData = true;
      setNode(msg.node);
      peers.replaceAll(listOf(msg.peers, 'peers'));
      downloads.replaceAll(listOf(msg.downloads, 'downloads'));
      nodeView.renderShares(listOf(msg.shares, 'shares'));
      uploads.render(msg.uploads);
      updateBanner();
      files.refresh();
      syncTimers();
      break;
    case 'node':
      setNode(msg.node);
      break;
    case 'peers':
      // The network view is not a live feed (the tracker tells a node only of its downloads' sources): the node
      // sends the peer list now and then, and a visible page repeats its search at the same pace.
      peers.replaceAll(listOf(msg.peers, 'peers'));
      if (!document.hidden) files.refresh();
      break;
    case 'download':
      downloads.update(msg.download);
      break;
    case 'uploads':
      uploads.render(msg.uploads);
      break;
    case 'shares':
      nodeView.renderShares(listOf(msg.shares, 'shares'));
      break;
    default:
      break;
  }
}

/** Before reconnecting, make sure the token still works; a 401 stops the retries and asks for a token. */
async function tokenStillValid() {
  try {
    await api.node();
  } catch (e) {
    if (e.unauthorized) {
      authFailed();
      return false;
    }
  }
  return true;
}

/** Closes the socket and stops every timer the page started; start() opens it again. */
function stopLive() {
  generation++;
  if (live) live.stop();
  live = null;
  liveData = false;
  files.stop();
  syncTimers();
}

function authFailed() {
  stopLive();
  clearToken();
  connectionLost = false;
  node = null;
  updateBanner();
  content.hidden = true;
  peers.replaceAll([]);
  downloads.replaceAll([]);
  authError.hidden = false;
  auth.hidden = false;
  login.querySelector('input').focus();
}

async function start() {
  stopLive();
  const mine = generation;
  if (!getToken()) {
    authError.hidden = true;
    auth.hidden = false;
    return;
  }
  try {
    const current = await api.node();
    if (mine !== generation) return; // the page was left, or started again, while the node answered
    setNode(current);
  } catch (e) {
    if (mine !== generation) return;
    if (e.unauthorized) {
      authFailed();
      return;
    }
    showMessage(e.message); // the node may be restarting: the socket keeps trying
  }
  auth.hidden = true;
  content.hidden = false;
  message.hidden = true;
  live = connectLive({
    token: getToken,
    onMessage: onLiveMessage,
    onLost: () => {
      connectionLost = true;
      liveData = false;
      updateBanner();
      syncTimers();
    },
    beforeRetry: tokenStillValid,
  });
  files.search();
}

login.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = login.querySelector('input');
  const token = input.value.trim();
  if (!token) return;
  setToken(token);
  input.value = '';
  start();
});

// Leaving the page (or its going into the back-forward cache) closes the socket and stops the timers; a page
// restored from that cache connects again and gets a fresh snapshot.
window.addEventListener('pagehide', stopLive);
window.addEventListener('pageshow', (event) => {
  if (event.persisted) start();
});

start();
