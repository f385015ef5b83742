// The base64 bit sets and byte arrays of a download's chunk map, as the peer sends them. Pure functions, no DOM.

/** The bytes of a base64 text; empty for null, an empty text or one that is not base64. */
function decode(base64) {
  if (typeof base64 !== 'string' || base64 === '') return '';
  try {
    return atob(base64);
  } catch (e) {
    return '';
  }
}

/**
 * Bits 0..count-1 of a base64 bit set (bit i is bit i%8 of byte i/8, as the peer wire's `have`): a Uint8Array of
 * 0/1. Bits the text does not reach are 0; bits past count are ignored.
 */
export function decodeBits(base64, count) {
  const bits = new Uint8Array(Math.max(0, count | 0));
  const bytes = decode(base64);
  for (let i = 0; i < bits.length && i >> 3 < bytes.length; i++) {
    bits[i] = (bytes.charCodeAt(i >> 3) >> (i & 7)) & 1;
  }
  return bits;
}

/** Per-chunk source counts (base64 of one byte per chunk, missing ones 0), or null when there is none. */
export function decodeCounts(base64, count) {
  const bytes = decode(base64);
  if (!bytes) return null;
  const counts = new Uint8Array(Math.max(0, count | 0));
  for (let i = 0; i < counts.length && i < bytes.length; i++) counts[i] = bytes.charCodeAt(i);
  return counts;
}

/** How many entries of a 0/1 array are set. */
export function countSet(bits) {
  let n = 0;
  for (let i = 0; i < bits.length; i++) n += bits[i];
  return n;
}
