// How the tables order their rows: by a column, either way, ties and missing values included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSort, rowComparator } from '../../main/resources/webroot/js/sort.js';

const columns = [
  { key: 'name', sortValue: (r) => r.name },
  { key: 'size', num: true, sortValue: (r) => r.size },
  { key: 'actions' },
];
const rowKey = (r) => r.id;
const ids = (rows, sort) => [...rows].sort(rowComparator(columns, sort, rowKey)).map(rowKey);

test('numbers sort by value, not as text', () => {
  const rows = [{ id: 'a', size: 10 }, { id: 'b', size: 9 }, { id: 'c', size: 100 }, { id: 'd', size: -1 }];
  assert.deepEqual(ids(rows, { key: 'size' }), ['d', 'b', 'a', 'c']);
  assert.deepEqual(ids(rows, { key: 'size', descending: true }), ['c', 'a', 'b', 'd']);
});

test('huge numbers keep their order', () => {
  const rows = [{ id: 'a', size: Number.MAX_SAFE_INTEGER }, { id: 'b', size: Number.MAX_SAFE_INTEGER - 1 },
    { id: 'c', size: 2 ** 40 }];
  assert.deepEqual(ids(rows, { key: 'size' }), ['c', 'b', 'a']);
});

test('text sorts by the locale, so case and accents do not split the list', () => {
  const rows = [{ id: '1', name: 'beta' }, { id: '2', name: 'Alpha' }, { id: '3', name: 'élan' },
    { id: '4', name: 'zeta' }];
  assert.deepEqual(ids(rows, { key: 'name' }), ['2', '1', '3', '4']);
  assert.deepEqual(ids(rows, { key: 'name', descending: true }), ['4', '3', '1', '2']);
});

test('ties are broken by the row key, ascending either way, whatever order they came in', () => {
  const rows = [{ id: 'c', size: 5 }, { id: 'a', size: 5 }, { id: 'b', size: 5 }, { id: 'z', size: 1 }];
  assert.deepEqual(ids(rows, { key: 'size' }), ['z', 'a', 'b', 'c']);
  assert.deepEqual(ids(rows, { key: 'size', descending: true }), ['a', 'b', 'c', 'z']);
  assert.deepEqual(ids([...rows].reverse(), { key: 'size', descending: true }), ['a', 'b', 'c', 'z']);
});

test('missing values come last in both directions', () => {
  const rows = [{ id: 'a', size: null }, { id: 'b', size: 3 }, { id: 'c' }, { id: 'd', size: NaN },
    { id: 'e', size: 7 }];
  assert.deepEqual(ids(rows, { key: 'size' }), ['b', 'e', 'a', 'c', 'd']);
  assert.deepEqual(ids(rows, { key: 'size', descending: true }), ['e', 'b', 'a', 'c', 'd']);
  const named = [{ id: 'x' }, { id: 'y', name: 'b' }, { id: 'w', name: null }, { id: 'v', name: 'a' }];
  assert.deepEqual(ids(named, { key: 'name' }), ['v', 'y', 'w', 'x']);
});

test('a number and a text compare as text', () => {
  const rows = [{ id: 'a', name: 10 }, { id: 'b', name: '9' }, { id: 'c', name: '1' }];
  assert.deepEqual(ids(rows, { key: 'name' }), ['c', 'a', 'b']);
});

test('a column that cannot sort is refused', () => {
  assert.throws(() => rowComparator(columns, { key: 'actions' }, rowKey), /no sortable column actions/);
  assert.throws(() => rowComparator(columns, { key: 'nope' }, rowKey), /no sortable column nope/);
});

test('a click on the sorted column flips it; another column starts ascending, numbers descending', () => {
  assert.deepEqual(nextSort({ key: 'name', descending: false }, columns[0]), { key: 'name', descending: true });
  assert.deepEqual(nextSort({ key: 'name', descending: true }, columns[0]), { key: 'name', descending: false });
  assert.deepEqual(nextSort({ key: 'name', descending: true }, columns[1]), { key: 'size', descending: true });
  assert.deepEqual(nextSort({ key: 'size', descending: true }, columns[0]), { key: 'name', descending: false });
});
