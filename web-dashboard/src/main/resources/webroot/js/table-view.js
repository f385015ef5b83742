// A list shown as a table that holds at any size: sortable by its columns (click a header), one page of rows at a
// time (only that page is in the DOM), and a line that says how much of how much it shows.

import { el } from './dom.js';
import { nextSort, rowComparator } from './sort.js';

export const PAGE_SIZE = 100;

/**
 * @param {object} parts    table (with a thead and a tbody), status (the "1–100 of 3,000" line and its buttons)
 * @param {object} options
 * @param {Array} options.columns    {key, label, num?, sortValue(row)?, cell(row) → Node|string}
 * @param {(row) => string} options.rowKey
 * @param {(row) => object} [options.rowAttrs]  attributes of a row's <tr>
 * @param {string} options.sortKey   the initial sort column; options.descending its direction
 * @param {string[]} options.noun    ['peer', 'peers']...: the status line's word for one and for more
 * @param {string|null} [options.emptyText]  the row shown when there is none; null for no such row
 * @param {(sort) => void} [options.onSort]  set for a list sorted elsewhere (the server): called instead of sorting
 */
export function createTableView({ table, status }, options) {
  const { columns, rowKey, rowAttrs = () => ({}), noun, emptyText = 'Nothing yet.' } = options;
  const tbody = table.tBodies[0];
  let rows = [];
  let total = null; // what the source says it has, when it gave us only part of it
  let sort = { key: options.sortKey, descending: Boolean(options.descending) };
  let page = 0;

  const headRow = el('tr');
  const headers = columns.map((column) => {
    const th = el('th', { className: column.num ? 'num' : undefined, scope: 'col' });
    if (column.sortValue) {
      const button = el('button', { type: 'button', className: 'sort', text: column.label,
        'data-sort-key': column.key });
      button.addEventListener('click', () => sortBy(column.key));
      th.append(button);
    } else {
      th.textContent = column.label;
    }
    headRow.append(th);
    return th;
  });
  table.tHead.replaceChildren(headRow);

  const label = el('span', { className: 'list-count', 'data-testid': 'list-count' });
  const prev = el('button', { type: 'button', className: 'secondary', text: '‹', 'aria-label': 'Previous page' });
  const next = el('button', { type: 'button', className: 'secondary', text: '›', 'aria-label': 'Next page' });
  prev.addEventListener('click', () => turn(-1));
  next.addEventListener('click', () => turn(1));
  status.replaceChildren(label, prev, next);

  const sortRows = () => rows.sort(rowComparator(columns, sort, rowKey));

  function sortBy(key) {
    sort = nextSort(sort, columns.find((c) => c.key === key));
    page = 0;
    if (options.onSort) options.onSort({ ...sort });
    else sortRows();
    render();
  }

  function turn(step) {
    page = Math.max(0, Math.min(lastPage(), page + step));
    render();
  }

  const lastPage = () => Math.max(0, Math.ceil(rows.length / PAGE_SIZE) - 1);

  function render() {
    page = Math.min(page, lastPage());
    const from = page * PAGE_SIZE;
    const shown = rows.slice(from, from + PAGE_SIZE);
    tbody.replaceChildren(...shown.map((row) => {
      const tr = el('tr', rowAttrs(row));
      for (const column of columns) {
        const value = column.cell(row);
        tr.append(value instanceof Node ? value : el('td', { className: column.num ? 'num' : undefined,
          text: value }));
      }
      return tr;
    }));
    if (rows.length === 0 && emptyText !== null) {
      tbody.append(el('tr', {}, el('td', { colspan: columns.length, className: 'muted', text: emptyText })));
    }
    headers.forEach((th, i) => {
      const key = columns[i].key;
      th.setAttribute('aria-sort', key === sort.key ? (sort.descending ? 'descending' : 'ascending') : 'none');
    });
    const all = total ?? rows.length;
    let text = `${all.toLocaleString('en')} ${all === 1 ? noun[0] : noun[1]}`;
    if (rows.length > PAGE_SIZE) {
      text = `${(from + 1).toLocaleString('en')}–${(from + shown.length).toLocaleString('en')} of ${text}`;
    }
    if (total !== null && total > rows.length) {
      text += ` (${rows.length.toLocaleString('en')} shown: refine the search)`;
    }
    label.textContent = text;
    prev.hidden = next.hidden = rows.length <= PAGE_SIZE;
    prev.disabled = page === 0;
    next.disabled = page >= lastPage();
  }

  return {
    /** Replaces every row; {@code knownTotal} is how many the source has when these are only a part of them. */
    setRows(list, knownTotal = null) {
      rows = [...(list || [])];
      total = knownTotal;
      if (!options.onSort) sortRows();
      render();
    },
    render,
    get size() {
      return rows.length;
    },
  };
}
