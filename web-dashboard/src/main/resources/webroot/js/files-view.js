// Section "Files in the network": search as you type; each file with a Download and a Link button. The tracker
// answers at most a page of matches, and says when more matched; so it also sorts them (by name or size), before
// it cuts the list.

import { el } from './dom.js';
import * as fmt from './format.js';
import { copyText, fileLink } from './links.js';
import { createTableView } from './table-view.js';
import { debounce } from './timers.js';

const SEARCH_DELAY_MS = 300;

/**
 * @param {object} parts  input, table, status, empty, linkText: the section's elements
 * @param {object} deps   api, onError(ApiError), onDownloadStarted(download)
 */
export function createFilesView({ input, table, status, empty, linkText }, { api, onError, onDownloadStarted }) {
  let sequence = 0;
  let order = 'name'; // the tracker's sort: name, -name, size or -size
  const view = createTableView({ table, status }, {
    noun: ['file', 'files'],
    emptyText: null, // the section's own "No files found." says it
    sortKey: 'name',
    onSort: ({ key, descending }) => {
      order = `${descending ? '-' : ''}${key}`;
      search();
    },
    rowKey: (file) => `${file.fileId}/${file.size}`,
    rowAttrs: (file) => ({ 'data-file-id': file.fileId }),
    columns: [
      { key: 'name', label: 'Name', sortValue: (f) => String(f.name),
        cell: (f) => el('td', { className: 'name', text: f.name, title: f.fileId }) },
      { key: 'size', label: 'Size', num: true, sortValue: (f) => f.size, cell: (f) => fmt.bytes(f.size) },
      { key: 'sources', label: 'Sources', num: true, cell: (f) => sources(f) },
      { key: 'actions', label: '', cell: (f) => el('td', { className: 'actions' }, downloadButton(f), linkButton(f)) },
    ],
  });

  function sources(file) {
    const partial = file.partialSources ?? 0;
    return partial > 0 ? `${file.sources ?? 0} + ${partial} partial` : String(file.sources ?? 0);
  }

  async function search() {
    const mine = ++sequence;
    const q = input.value.trim();
    let reply;
    try {
      reply = await api.files(q, order);
    } catch (e) {
      if (mine === sequence) onError(e);
      return;
    }
    if (mine !== sequence) return; // an answer to an older query
    const files = reply.files || [];
    const total = Number.isFinite(reply.total) ? reply.total : (reply.more ? files.length + 1 : null);
    view.setRows(files, total !== null && total > files.length ? total : null);
    empty.hidden = files.length > 0;
  }

  function downloadButton(file) {
    const button = el('button', { type: 'button', 'data-testid': `download-${file.fileId}`, text: 'Download' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        onDownloadStarted(await api.startDownload(file.fileId));
      } catch (e) {
        onError(e);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  }

  function linkButton(file) {
    const link = el('button', { type: 'button', className: 'secondary', 'data-testid': `link-${file.fileId}`,
      text: 'Link', title: 'Copy a link to this file' });
    link.addEventListener('click', async () => {
      link.textContent = (await copyText(fileLink(file), linkText)) ? 'Copied' : 'Link';
    });
    return link;
  }

  const searchSoon = debounce(search, SEARCH_DELAY_MS);
  input.addEventListener('input', searchSoon);

  return {
    /** Searches at once (first load, reconnect). */
    search,
    /** Searches again (the network's files may have changed); bursts of calls make one request. */
    refresh: searchSoon,
    /** Drops a search still waiting for its delay (the page went away). */
    stop: searchSoon.cancel,
  };
}
