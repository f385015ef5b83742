// Human-readable numbers for the dashboard. Pure functions, no DOM.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1023 B, 1.0 KiB, 99.9 KiB, 100 KiB ... TiB; "—" for a negative or missing count. */
export function bytes(n) {
  if (!Number.isFinite(n) || n < 0) return '—';
  const fixed = (value, unit) => value.toFixed(unit === 0 || value >= 99.95 ? 0 : 1);
  let value = n;
  let unit = 0;
  // The next unit as soon as the rounded figure would reach 1024 (1023.99 KiB is "1.0 MiB", not "1024 KiB").
  while (unit < UNITS.length - 1 && Number(fixed(value, unit)) >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${fixed(value, unit)} ${UNITS[unit]}`;
}

export function speed(bytesPerSecond) {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '0 B/s';
  return `${bytes(bytesPerSecond)}/s`;
}

/** Percent of done over total, 0..100 as an integer; an empty total is complete. */
export function percent(done, total) {
  if (!Number.isFinite(done)) return 0;
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

/** "in 12 s", "in 1 min 5 s" until epochMillis (whole seconds, rounded up), "now" once it has passed. */
export function countdown(epochMillis, now = Date.now()) {
  if (!Number.isFinite(epochMillis) || epochMillis <= 0) return '—';
  const s = Math.ceil((epochMillis - now) / 1000);
  return s <= 0 ? 'now' : `in ${duration(s)}`;
}

export function address(host, port) {
  if (!host) return '—';
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Uploaded over downloaded with two decimals; "—" before anything was downloaded. */
export function ratio(up, down) {
  if (!Number.isFinite(down) || down <= 0) return '—';
  return ((Number.isFinite(up) && up > 0 ? up : 0) / down).toFixed(2);
}
