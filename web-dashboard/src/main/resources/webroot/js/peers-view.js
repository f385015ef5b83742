// Section "Network": the live peers, one row each, kept current by the socket's peer events.

import { el, td } from './dom.js';
import * as fmt from './format.js';

export function createPeersView(table, countLabel) {
  const tbody = table.tBodies[0];
  let peers = new Map();
  let selfId = null;

  function render() {
    const rows = [...peers.values()]
      .sort((a, b) => String(a.name).localeCompare(String(b.name)) || String(a.id).localeCompare(String(b.id)))
      .map((peer) => {
        const row = el('tr', { 'data-peer-id': peer.id, className: peer.id === selfId ? 'self' : undefined });
        row.append(
          td(peer.name, 'name'),
          td(fmt.address(peer.host, peer.port), 'mono'),
          td(String(peer.files ?? 0), 'num'),
          td(fmt.ago(peer.lastSeen)));
        return row;
      });
    tbody.replaceChildren(...rows);
    countLabel.textContent = `(${peers.size} ${peers.size === 1 ? 'peer' : 'peers'})`;
  }

  // Relative times age without any message: refresh them now and then.
  setInterval(render, 5000);

  return {
    replaceAll(list) {
      peers = new Map((list || []).map((p) => [p.id, p]));
      render();
    },
    joined(peer) {
      if (!peer || peer.id === undefined) return;
      peers.set(peer.id, peer);
      render();
    },
    left(peerId) {
      if (peers.delete(peerId)) render();
    },
    setSelf(id) {
      selfId = id;
      render();
    },
  };
}
