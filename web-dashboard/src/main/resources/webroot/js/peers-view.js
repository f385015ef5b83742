// Section "Network": the live peers, as the node sends them now and then over the socket, sortable and paged.

import { el, td } from './dom.js';
import * as fmt from './format.js';
import { createTableView } from './table-view.js';
import { repeat } from './timers.js';

const AGE_REFRESH_MS = 5000;

export function createPeersView(table, status, countLabel) {
  let selfId = null;
  const view = createTableView({ table, status }, {
    noun: ['peer', 'peers'],
    emptyText: null, // the count in the heading says it
    sortKey: 'name',
    rowKey: (peer) => peer.id,
    rowAttrs: (peer) => ({ 'data-peer-id': peer.id, className: peer.id === selfId ? 'self' : undefined }),
    columns: [
      { key: 'name', label: 'Name', sortValue: (p) => String(p.name), cell: (p) => td(p.name, 'name') },
      { key: 'address', label: 'Address', sortValue: (p) => fmt.address(p.host, p.port),
        cell: (p) => td(fmt.address(p.host, p.port), 'mono') },
      { key: 'files', label: 'Files', num: true, sortValue: (p) => p.files ?? 0, cell: (p) => String(p.files ?? 0) },
      { key: 'lastSeen', label: 'Last seen', sortValue: (p) => -(p.lastSeen ?? 0), cell: (p) => td(fmt.ago(p.lastSeen)) },
    ],
  });

  function counted() {
    countLabel.textContent = `(${view.size} ${view.size === 1 ? 'peer' : 'peers'})`;
  }

  // Relative times age without any message: while started, they are refreshed now and then.
  const ageRefresh = repeat(AGE_REFRESH_MS, () => view.render());

  return {
    start: ageRefresh.start,
    stop: ageRefresh.stop,
    replaceAll(list) {
      view.setRows((list || []).filter((p) => p && p.id !== undefined));
      counted();
    },
    setSelf(id) {
      selfId = id;
      view.render();
    },
  };
}
