// Section "Downloads": one item per download, updated in place from the socket's download messages.
// An item opens to show its sources; each source's speed is derived from successive byte counts. A waiting download
// counts down to its next question to the tracker, on a timer that runs only while the view is started.

import { el, td } from './dom.js';
import * as fmt from './format.js';
import { createChunkMap } from './chunk-map.js';
import * as states from './download-state.js';
import { sharePercent, trackRates } from './source-rates.js';
import { repeat } from './timers.js';

const COUNTDOWN_MS = 1000;

export function createDownloadsView(list, empty, { api, onError, onDownloadStarted, onChange = () => {} }) {
  const items = new Map(); // id -> item
  const waitingIds = new Set();
  const countdown = repeat(COUNTDOWN_MS, tick);
  let started = false;

  function create(download) {
    const item = {
      id: download.id,
      download,
      expanded: false,
      rates: new Map(), // peerId -> {bytes, at, speed}
    };
    const name = el('span', { className: 'download-name' });
    const state = el('span', { className: 'download-state', 'data-testid': 'state' });
    const action = el('button', { type: 'button', className: 'secondary' });
    const pause = el('button', { type: 'button', className: 'secondary', 'data-testid': 'pause' });
    const toggle = el('button', { type: 'button', className: 'secondary', 'aria-expanded': 'false', text: 'Sources' });
    const head = el('div', { className: 'download-head' }, name, state,
      el('div', { className: 'download-actions' }, pause, action, toggle));
    const progress = el('progress', { max: 100, value: 0 });
    const mapCanvas = el('canvas', { className: 'chunk-map', 'data-testid': 'chunk-map', height: 14, role: 'img',
      hidden: true });
    const chunkMap = createChunkMap(mapCanvas);
    const pct = el('span', { 'data-testid': 'percent' });
    const amount = el('span');
    const speed = el('span', { 'data-testid': 'speed' });
    const eta = el('span', { 'data-testid': 'eta' });
    const error = el('p', { className: 'download-error', hidden: true });
    const wait = el('p', { className: 'download-wait', 'data-testid': 'waiting', hidden: true });
    const sourcesBody = el('tbody');
    const sources = el('div', { className: 'download-sources scroll', hidden: true },
      el('table', { 'data-testid': 'sources' },
        el('thead', {}, el('tr', {},
          el('th', { text: 'Source' }), el('th', { className: 'num', text: 'Bytes' }),
          el('th', { className: 'num', text: 'Share' }), el('th', { className: 'num', text: 'Chunks' }),
          el('th', { className: 'num', text: 'Speed' }))),
        sourcesBody));
    const li = el('li', { className: 'download', 'data-download-id': download.id }, head, progress, mapCanvas,
      el('div', { className: 'download-stats' }, pct, amount, speed, eta), wait, error, sources);

    const setExpanded = (open) => {
      item.expanded = open;
      sources.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      li.classList.toggle('expanded', open);
    };
    head.addEventListener('click', () => setExpanded(!item.expanded));
    toggle.addEventListener('click', (event) => {
      event.stopPropagation();
      setExpanded(!item.expanded);
    });
    action.addEventListener('click', (event) => {
      event.stopPropagation();
      act(item, action);
    });
    pause.addEventListener('click', (event) => {
      event.stopPropagation();
      pauseOrResume(item, pause);
    });

    item.refs = { li, name, state, action, pause, progress, chunkMap, pct, amount, speed, eta, wait, error,
      sourcesBody };
    return item;
  }

  async function act(item, button) {
    const { id, fileId } = item.download;
    const state = states.shownState(item.download);
    button.disabled = true;
    try {
      if (states.canCancel(state)) update(await api.cancelDownload(id));
      else if (states.canRetry(state)) onDownloadStarted(await api.startDownload(fileId));
    } catch (e) {
      onError(e);
    } finally {
      button.disabled = false;
    }
  }

  async function pauseOrResume(item, button) {
    const { id } = item.download;
    const state = states.shownState(item.download);
    button.disabled = true;
    try {
      if (states.canPause(state)) update(await api.pauseDownload(id));
      else if (states.canResume(state)) update(await api.resumeDownload(id));
    } catch (e) {
      onError(e);
    } finally {
      button.disabled = false;
    }
  }

  function render(item) {
    const d = item.download;
    const r = item.refs;
    const state = states.shownState(d);
    const figures = states.figures(d);
    r.li.dataset.state = state;
    r.name.textContent = d.name ?? d.fileId;
    r.state.textContent = state;
    r.progress.value = figures.percent;
    r.chunkMap.update(d);
    r.pct.textContent = `${figures.percent} %`;
    r.amount.textContent = figures.amount;
    r.speed.textContent = figures.speed;
    r.eta.textContent = figures.eta;
    const waiting = state === 'waiting';
    r.wait.hidden = !waiting;
    r.wait.textContent = waiting ? states.waitingText(d) : '';
    r.error.hidden = waiting || !d.error;
    r.error.textContent = waiting ? '' : d.error || '';
    r.action.hidden = !(states.canCancel(state) || states.canRetry(state));
    r.action.textContent = states.canCancel(state) ? 'Cancel' : 'Retry';
    r.pause.hidden = !(states.canPause(state) || states.canResume(state));
    r.pause.textContent = states.canResume(state) ? 'Resume' : 'Pause';

    const transferring = state === 'running';
    const total = (d.sources || []).reduce((sum, s) => sum + (s.bytes || 0), 0);
    r.sourcesBody.replaceChildren(...(d.sources || []).map((source) => {
      const rate = item.rates.get(source.peerId);
      const tr = el('tr', { 'data-peer-id': source.peerId });
      tr.append(
        td(source.name ?? source.peerId, 'name'),
        td(fmt.bytes(source.bytes), 'num'),
        td(`${sharePercent(source.bytes, total)} %`, 'num'),
        td(String(source.chunks ?? 0), 'num'),
        td(transferring && rate ? fmt.speed(rate.speed) : '—', 'num'));
      if (source.dropped) tr.classList.add('muted');
      return tr;
    }));
  }

  /** Runs the countdown of the waiting downloads while the view is started and any download waits. */
  function syncCountdown() {
    if (started && waitingIds.size > 0) countdown.start();
    else countdown.stop();
  }

  function tick() {
    for (const id of waitingIds) {
      const item = items.get(id);
      item.refs.wait.textContent = states.waitingText(item.download);
    }
  }

  function update(download) {
    if (!download || download.id === undefined) return;
    let item = items.get(download.id);
    // An HTTP answer can arrive after newer socket messages: a finished download never goes back to running.
    if (item && states.isFinished(states.shownState(item.download))
      && !states.isFinished(states.shownState(download))) return;
    if (!item) {
      item = create(download);
      items.set(download.id, item);
      list.prepend(item.refs.li);
    }
    const before = item.download === download ? undefined : states.shownState(item.download);
    const state = states.shownState(download);
    trackRates(item.rates, download.sources, state === 'running', performance.now());
    if (state === 'waiting') waitingIds.add(download.id);
    else waitingIds.delete(download.id);
    item.download = download;
    render(item);
    onChange(before, download);
    empty.hidden = items.size > 0;
    syncCountdown();
  }

  return {
    update,
    replaceAll(downloads) {
      const sorted = [...(downloads || [])].sort((a, b) => (a.createdAt || 0) - (b.createdAt || 0));
      const keep = new Set(sorted.map((d) => d.id));
      for (const [id, item] of items) {
        if (!keep.has(id)) {
          item.refs.li.remove();
          items.delete(id);
          waitingIds.delete(id);
        }
      }
      sorted.forEach(update);
      empty.hidden = items.size > 0;
      syncCountdown();
    },
    /** Keeps the waiting downloads' countdowns current until stop(). */
    start() {
      started = true;
      syncCountdown();
    },
    stop() {
      started = false;
      countdown.stop();
    },
    /** Total speed of the running downloads, bytes per second. */
    totalSpeed() {
      return states.totalSpeed([...items.values()].map((item) => item.download));
    },
  };
}
