// The chunk map's bit sets and source counts, decoded from the base64 the peer sends.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countSet, decodeBits, decodeCounts } from '../../main/resources/webroot/js/bitset.js';

const bits = (base64, count) => [...decodeBits(base64, count)];

test('bit i is bit i%8 of byte i/8, lowest bit first', () => {
  assert.deepEqual(bits('BQ==', 8), [1, 0, 1, 0, 0, 0, 0, 0]); // 0x05
  assert.deepEqual(bits('gA==', 8), [0, 0, 0, 0, 0, 0, 0, 1]); // 0x80
  assert.deepEqual(bits('/wE=', 10), [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]); // 0xff 0x01
});

test('bits past the count are ignored and bits past the text are 0', () => {
  assert.deepEqual(bits('/wE=', 3), [1, 1, 1]);
  assert.deepEqual(bits('BQ==', 12), [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test('base64 without its padding decodes the same', () => {
  assert.deepEqual(bits('BQ', 8), bits('BQ==', 8));
});

test('an empty, missing or broken bit set has no bit set, at the asked length', () => {
  for (const none of ['', null, undefined, 'B', '***', '@@@@', 42]) {
    assert.deepEqual(bits(none, 5), [0, 0, 0, 0, 0], String(none));
  }
});

test('a count of zero, below zero or not a number gives no bits', () => {
  assert.equal(decodeBits('/w==', 0).length, 0);
  assert.equal(decodeBits('/w==', -3).length, 0);
  assert.equal(decodeBits('/w==', NaN).length, 0);
  assert.equal(decodeBits('/w==', undefined).length, 0);
});

test('a hundred thousand chunks decode in full', () => {
  const all = Buffer.alloc(12_500, 0xff).toString('base64');
  const decoded = decodeBits(all, 100_000);
  assert.equal(decoded.length, 100_000);
  assert.equal(countSet(decoded), 100_000);
  const half = Buffer.alloc(12_500, 0x55).toString('base64'); // every even chunk
  const evens = decodeBits(half, 100_000);
  assert.equal(countSet(evens), 50_000);
  assert.equal(evens[99_998], 1);
  assert.equal(evens[99_999], 0);
});

test('source counts are one byte per chunk, missing ones 0', () => {
  assert.deepEqual([...decodeCounts('AQID', 3)], [1, 2, 3]);
  assert.deepEqual([...decodeCounts('AQID', 5)], [1, 2, 3, 0, 0]);
  assert.deepEqual([...decodeCounts('AQID', 2)], [1, 2]);
  assert.deepEqual([...decodeCounts('/w==', 1)], [255]);
});

test('without source counts there is no count array', () => {
  for (const none of ['', null, undefined, 'B', '***']) assert.equal(decodeCounts(none, 4), null, String(none));
});

test('countSet counts the set entries', () => {
  assert.equal(countSet(new Uint8Array(0)), 0);
  assert.equal(countSet(Uint8Array.of(1, 0, 1, 1)), 3);
});
