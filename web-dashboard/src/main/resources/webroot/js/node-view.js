// Section "This node": its identity, the tracker connection and what it shares.

import { el, td } from './dom.js';
import * as fmt from './format.js';

export function createNodeView(list, sharesTable, headerName) {
  const field = (name) => list.querySelector(`[data-field="${name}"]`);
  const tbody = sharesTable.tBodies[0];

  return {
    render(node) {
      if (!node) return;
      field('name').textContent = node.name ?? '';
      field('peerId').textContent = node.peerId ?? '—';
      const tracker = field('tracker');
      tracker.textContent = node.trackerConnected ? 'connected' : 'unreachable';
      tracker.className = node.trackerConnected ? 'tracker-up' : 'tracker-down';
      headerName.textContent = node.name ?? '';
      document.title = node.name ? `${node.name} · p2pshare` : 'p2pshare';
    },
    renderShares(shares) {
      const sorted = [...(shares || [])].sort((a, b) => String(a.name).localeCompare(String(b.name)));
      tbody.replaceChildren(...sorted.map((share) => {
        const tr = el('tr', { 'data-file-id': share.fileId });
        tr.append(td(share.name, 'name'), td(fmt.bytes(share.size), 'num'));
        return tr;
      }));
      if (sorted.length === 0) {
        tbody.append(el('tr', {}, el('td', { colspan: 2, className: 'muted', text: 'Nothing shared yet.' })));
      }
    },
  };
}
