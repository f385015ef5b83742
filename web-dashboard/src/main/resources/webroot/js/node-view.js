// Section "This node": its identity, the tracker connection and what it shares (sortable, paged).

import * as fmt from './format.js';
import { clusterText, networkText, reachText } from './node-text.js';
import { createTableView } from './table-view.js';
import { td } from './dom.js';

export function createNodeView(list, sharesTable, sharesStatus, headerName) {
  const field = (name) => list.querySelector(`[data-field="${name}"]`);
  const shares = createTableView({ table: sharesTable, status: sharesStatus }, {
    noun: ['shared file', 'shared files'],
    emptyText: 'Nothing shared yet.',
    sortKey: 'name',
    rowKey: (share) => share.fileId,
    rowAttrs: (share) => ({ 'data-file-id': share.fileId }),
    columns: [
      { key: 'name', label: 'Name', sortValue: (s) => String(s.name), cell: (s) => td(s.name, 'name') },
      { key: 'size', label: 'Size', num: true, sortValue: (s) => s.size ?? 0, cell: (s) => fmt.bytes(s.size) },
    ],
  });

  return {
    render(node) {
      if (!node) return;
      field('name').textContent = node.name ?? '';
      field('peerId').textContent = node.peerId ?? '—';
      const tracker = field('tracker');
      tracker.textContent = node.trackerConnected ? 'connected' : 'unreachable';
      tracker.className = node.trackerConnected ? 'tracker-up' : 'tracker-down';
      headerName.textContent = node.name ?? '';
      field('trackerNode').textContent = node.tracker ?? '—';
      field('cluster').textContent = clusterText(node.trackerNode);
      const network = field('network');
      network.textContent = networkText(node.tls);
      network.className = !node.tls || (node.tls.enabled && !node.tls.warning) ? '' : 'network-warning';
      const reach = field('reach');
      reach.textContent = reachText(node.reachability);
      reach.className = node.reachability?.state === 'behind-nat' ? 'network-warning' : '';
    },
    renderShares(list) {
      shares.setRows(list);
    },
  };
}
