// Section "Downloads": one item per download, updated in place from the socket's download messages.
// An item opens to show its sources; each source's speed is derived from successive byte counts.

import { el, td } from './dom.js';
import * as fmt from './format.js';
import { createChunkMap } from './chunk-map.js';

const ACTIVE = new Set(['queued', 'running', 'paused']);
const PAUSABLE = new Set(['queued', 'running']);
const RETRYABLE = new Set(['failed', 'cancelled']);
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export function createDownloadsView(list, empty, { api, onError, onDownloadStarted, onChange = () => {} }) {
  const items = new Map(); // id -> item

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
    const sourcesBody = el('tbody');
    const sources = el('div', { className: 'download-sources scroll', hidden: true },
      el('table', { 'data-testid': 'sources' },
        el('thead', {}, el('tr', {},
          el('th', { text: 'Source' }), el('th', { className: 'num', text: 'Bytes' }),
          el('th', { className: 'num', text: 'Share' }), el('th', { className: 'num', text: 'Chunks' }),
          el('th', { className: 'num', text: 'Speed' }))),
        sourcesBody));
    const li = el('li', { className: 'download', 'data-download-id': download.id }, head, progress, mapCanvas,
      el('div', { className: 'download-stats' }, pct, amount, speed, eta), error, sources);

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

    item.refs = { li, name, state, action, pause, progress, chunkMap, pct, amount, speed, eta, error, sourcesBody };
    return item;
  }

  async function act(item, button) {
    const { id, fileId, state } = item.download;
    button.disabled = true;
    try {
      if (ACTIVE.has(state)) update(await api.cancelDownload(id));
      else if (RETRYABLE.has(state)) onDownloadStarted(await api.startDownload(fileId));
    } catch (e) {
      onError(e);
    } finally {
      button.disabled = false;
    }
  }

  async function pauseOrResume(item, button) {
    const { id, state } = item.download;
    button.disabled = true;
    try {
      if (PAUSABLE.has(state)) update(await api.pauseDownload(id));
      else if (state === 'paused') update(await api.resumeDownload(id));
    } catch (e) {
      onError(e);
    } finally {
      button.disabled = false;
    }
  }

  function trackRates(item, download) {
    const now = performance.now();
    const running = download.state === 'running';
    for (const source of download.sources || []) {
      const previous = item.rates.get(source.peerId);
      if (!previous) {
        item.rates.set(source.peerId, { bytes: source.bytes, at: now, speed: 0 });
        continue;
      }
      const seconds = (now - previous.at) / 1000;
      if (!running) {
        previous.speed = 0;
      } else if (seconds >= 0.2) {
        const instant = Math.max(0, source.bytes - previous.bytes) / seconds;
        previous.speed = previous.speed ? (previous.speed + instant) / 2 : instant;
      } else {
        continue;
      }
      previous.bytes = source.bytes;
      previous.at = now;
    }
  }

  function render(item) {
    const d = item.download;
    const r = item.refs;
    const done = d.state === 'completed' ? d.size : d.bytesDone || 0;
    const percent = fmt.percent(done, d.size);
    r.li.dataset.state = d.state;
    r.name.textContent = d.name ?? d.fileId;
    r.state.textContent = d.state;
    r.progress.value = percent;
    r.chunkMap.update(d);
    r.pct.textContent = `${percent} %`;
    r.amount.textContent = `${fmt.bytes(done)} of ${fmt.bytes(d.size)}`;
    const running = d.state === 'running';
    r.speed.textContent = running ? fmt.speed(d.bytesPerSecond) : '';
    const left = (d.size || 0) - (d.bytesDone || 0);
    r.eta.textContent = running && d.bytesPerSecond > 0 ? `${fmt.duration(left / d.bytesPerSecond)} left` : '';
    r.error.hidden = !d.error;
    r.error.textContent = d.error || '';
    r.action.hidden = !(ACTIVE.has(d.state) || RETRYABLE.has(d.state));
    r.action.textContent = ACTIVE.has(d.state) ? 'Cancel' : 'Retry';
    r.pause.hidden = !(PAUSABLE.has(d.state) || d.state === 'paused');
    r.pause.textContent = d.state === 'paused' ? 'Resume' : 'Pause';

    const total = (d.sources || []).reduce((sum, s) => sum + (s.bytes || 0), 0);
    r.sourcesBody.replaceChildren(...(d.sources || []).map((source) => {
      const rate = item.rates.get(source.peerId);
      const tr = el('tr', { 'data-peer-id': source.peerId });
      tr.append(
        td(source.name ?? source.peerId, 'name'),
        td(fmt.bytes(source.bytes), 'num'),
        td(`${total ? Math.round((100 * source.bytes) / total) : 0} %`, 'num'),
        td(String(source.chunks ?? 0), 'num'),
        td(running && rate ? fmt.speed(rate.speed) : '—', 'num'));
      if (source.dropped) tr.classList.add('muted');
      return tr;
    }));
  }

  function update(download) {
    if (!download || download.id === undefined) return;
    let item = items.get(download.id);
    // An HTTP answer can arrive after newer socket messages: a finished download never goes back to running.
    if (item && FINISHED.has(item.download.state) && !FINISHED.has(download.state)) return;
    if (!item) {
      item = create(download);
      items.set(download.id, item);
      list.prepend(item.refs.li);
    }
    const before = item.download === download ? undefined : item.download.state;
    trackRates(item, download);
    item.download = download;
    render(item);
    onChange(before, download);
    empty.hidden = items.size > 0;
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
        }
      }
      sorted.forEach(update);
      empty.hidden = items.size > 0;
    },
    /** Total speed of the running downloads, bytes per second. */
    totalSpeed() {
      let sum = 0;
      for (const { download } of items.values()) {
        if (download.state === 'running') sum += download.bytesPerSecond || 0;
      }
      return sum;
    },
  };
}
