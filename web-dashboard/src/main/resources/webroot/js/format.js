// Human-readable numbers for the dashboard. Pure functions, no DOM.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(n) {
  if (!Number.isFinite(n) || n < 0) return '—';
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function speed(bytesPerSecond) {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '0 B/s';
  return `${bytes(bytesPerSecond)}/s`;
}

/** Percent of done over total, 0..100 as an integer; an empty total is complete. */
export function percent(done, total) {
  if (!total) return done >= 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

export function duration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** "5 s ago", "3 min ago", ... relative to now; epochMillis in the future counts as now. */
export function ago(epochMillis, now = Date.now()) {
  if (!Number.isFinite(epochMillis) || epochMillis <= 0) return '—';
  const s = Math.max(0, Math.round((now - epochMillis) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function address(host, port) {
  if (!host) return '—';
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
