// Section "Uploads": what this node served, per file and to which peers, and its totals (downloaded, uploaded,
// ratio). Pushed by the node at most once a second while it uploads.

import { el, td } from './dom.js';
import * as fmt from './format.js';
import { createTableView } from './table-view.js';

export function createUploadsView({ totals, table, status }) {
  const view = createTableView({ table, status }, {
    noun: ['file', 'files'],
    emptyText: 'Nothing uploaded yet.',
    sortKey: 'bytes',
    descending: true,
    rowKey: (file) => file.fileId,
    rowAttrs: (file) => ({ 'data-file-id': file.fileId }),
    columns: [
      { key: 'name', label: 'File', sortValue: (f) => String(f.name ?? f.fileId),
        cell: (f) => el('td', { className: 'name', text: f.name ?? f.fileId.slice(0, 12), title: f.fileId }) },
      { key: 'bytes', label: 'Uploaded', num: true, sortValue: (f) => f.bytes, cell: (f) => fmt.bytes(f.bytes) },
      { key: 'speed', label: 'Speed', num: true, sortValue: (f) => f.bytesPerSecond,
        cell: (f) => fmt.speed(f.bytesPerSecond) },
      { key: 'peers', label: 'To', cell: (f) => td((f.peers || []).map((p) => `${p.name} ${fmt.bytes(p.bytes)}`)
        .join(', '), 'peers-to') },
    ],
  });

  return {
    render(uploads) {
      if (!uploads) return;
      const up = uploads.bytes || 0;
      const down = uploads.downloadedBytes || 0;
      totals.textContent = `Uploaded ${fmt.bytes(up)} (${fmt.speed(uploads.bytesPerSecond)}) · `
        + `downloaded ${fmt.bytes(down)} · ratio ${fmt.ratio(up, down)}`;
      view.setRows(uploads.files || []);
    },
  };
}
