// Section "This node": its identity, the tracker connection and what it shares (sortable, paged).

import { td } from './dom.js';
import * as fmt from './format.js';
import { createTableView } from './table-view.js';

/** The tracker cluster as the last join reply described it: "not clustered", or its members. */
function cluster(trackerNode) {
  if (!trackerNode || trackerNode.clustered === undefined) return '—';
  if (!trackerNode.clustered) return 'not clustered';
  const members = (trackerNode.members || []).map((m) => (m.host ? `${m.host}:${m.port}` : String(m.node)));
  return `${members.length} ${members.length === 1 ? 'member' : 'members'}: ${members.join(', ')}`;
}

/** A private network (TLS) with this node's certificate and any warning of its expiry, or an open network's warning. */
function networkText(tls) {
  if (!tls) return '—';
  if (!tls.enabled) return `${tls.warning.charAt(0).toUpperCase()}${tls.warning.slice(1)}.`;
  const until = new Date(tls.notAfter).toISOString().slice(0, 10);
  const text = `Private (mutual TLS), as ${tls.name}; certificate valid until ${until}`;
  return tls.warning ? `${text}. ${tls.warning}` : text;
}

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
      field('cluster').textContent = cluster(node.trackerNode);
      const network = field('network');
      network.textContent = networkText(node.tls);
      network.className = !node.tls || (node.tls.enabled && !node.tls.warning) ? '' : 'network-warning';
    },
    renderShares(list) {
      shares.setRows(list);
    },
  };
}
