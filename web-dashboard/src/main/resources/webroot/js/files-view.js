// Section "Files in the network": search as you type, and a Download button per file.

import { el, td, debounce } from './dom.js';
import * as fmt from './format.js';
import { copyText, fileLink } from './links.js';

const SEARCH_DELAY_MS = 300;

/**
 * @param {object} parts  input, table, empty, linkText: the section's elements
 * @param {object} deps   api, onError(ApiError), onDownloadStarted(download)
 */
export function createFilesView({ input, table, empty, linkText }, { api, onError, onDownloadStarted }) {
  const tbody = table.tBodies[0];
  let sequence = 0;

  async function search() {
    const mine = ++sequence;
    const q = input.value.trim();
    let files;
    try {
      files = (await api.files(q)).files || [];
    } catch (e) {
      if (mine === sequence) onError(e);
      return;
    }
    if (mine !== sequence) return; // an answer to an older query
    tbody.replaceChildren(...files.map(row));
    empty.hidden = files.length > 0;
  }

  function row(file) {
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
    const link = el('button', { type: 'button', className: 'secondary', 'data-testid': `link-${file.fileId}`,
      text: 'Link', title: 'Copy a link to this file' });
    link.addEventListener('click', async () => {
      link.textContent = (await copyText(fileLink(file), linkText)) ? 'Copied' : 'Link';
    });
    const tr = el('tr', { 'data-file-id': file.fileId });
    tr.append(
      el('td', { className: 'name', text: file.name, title: file.fileId }),
      td(fmt.bytes(file.size), 'num'),
      td(String(file.sources ?? 0), 'num'),
      el('td', { className: 'num actions' }, button, link));
    return tr;
  }

  const searchSoon = debounce(search, SEARCH_DELAY_MS);
  input.addEventListener('input', searchSoon);

  return {
    /** Searches at once (first load, reconnect). */
    search,
    /** Searches again after the network's files changed; bursts of changes make one request. */
    refresh: searchSoon,
  };
}
