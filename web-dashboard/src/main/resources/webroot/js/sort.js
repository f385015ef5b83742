// How the tables sort their rows. Pure functions, no DOM.

const isMissing = (v) => v === null || v === undefined || Number.isNaN(v);

/**
 * A comparator for rows sorted by the column whose key is sort.key, descending when sort.descending: numbers by
 * value, anything else as text. A missing value (null, undefined, NaN) comes after every present one either way;
 * ties are broken by rowKey, ascending, so equal rows keep one order however they arrive.
 */
export function rowComparator(columns, sort, rowKey) {
  const column = columns.find((c) => c.key === sort.key);
  if (!column || !column.sortValue) throw new Error(`no sortable column ${sort.key}`);
  return (a, b) => {
    const x = column.sortValue(a);
    const y = column.sortValue(b);
    let order;
    if (isMissing(x) || isMissing(y)) {
      order = isMissing(x) === isMissing(y) ? 0 : (isMissing(x) ? 1 : -1);
    } else {
      order = typeof x === 'number' && typeof y === 'number' ? Math.sign(x - y) : String(x).localeCompare(String(y));
      if (sort.descending) order = -order;
    }
    return order || String(rowKey(a)).localeCompare(String(rowKey(b)));
  };
}

/** The sort after a click on a column's header: the same column flips, another starts (numbers largest first). */
export function nextSort(sort, column) {
  if (sort.key === column.key) return { key: column.key, descending: !sort.descending };
  return { key: column.key, descending: Boolean(column.num) };
}
