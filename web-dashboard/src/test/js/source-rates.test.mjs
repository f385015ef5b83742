// Each source's speed, from the byte counts of successive download updates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharePercent, trackRates } from '../../main/resources/webroot/js/source-rates.js';

test('a source first seen has speed 0', () => {
  const rates = new Map();
  trackRates(rates, [{ peerId: 'p1', bytes: 5000 }], true, 1000);
  assert.deepEqual(rates.get('p1'), { bytes: 5000, at: 1000, speed: 0 });
});

test('the speed is the rate since the last update, then the mean with the last speed', () => {
  const rates = new Map();
  trackRates(rates, [{ peerId: 'p1', bytes: 0 }], true, 0);
  trackRates(rates, [{ peerId: 'p1', bytes: 1000 }], true, 500); // 2000 B/s
  assert.equal(rates.get('p1').speed, 2000);
  trackRates(rates, [{ peerId: 'p1', bytes: 2000 }], true, 1500); // 1000 B/s
  assert.equal(rates.get('p1').speed, 1500);
});

test('updates less than 200 ms apart leave the speed and the reference alone', () => {
  const rates = new Map();
  trackRates(rates, [{ peerId: 'p1', bytes: 0 }], true, 0);
  trackRates(rates, [{ peerId: 'p1', bytes: 100 }], true, 199);
  assert.deepEqual(rates.get('p1'), { bytes: 0, at: 0, speed: 0 });
  trackRates(rates, [{ peerId: 'p1', bytes: 400 }], true, 200);
  assert.equal(rates.get('p1').speed, 2000);
});

test('while not transferring every speed is 0, and a count that went down is no negative speed', () => {
  const rates = new Map();
  trackRates(rates, [{ peerId: 'p1', bytes: 1000 }], true, 0);
  trackRates(rates, [{ peerId: 'p1', bytes: 3000 }], true, 1000);
  trackRates(rates, [{ peerId: 'p1', bytes: 9000 }], false, 1100);
  assert.deepEqual(rates.get('p1'), { bytes: 9000, at: 1100, speed: 0 });
  trackRates(rates, [{ peerId: 'p1', bytes: 0 }], true, 2100);
  assert.equal(rates.get('p1').speed, 0);
});

test('sources without a byte count or a list at all do no harm', () => {
  const rates = new Map();
  trackRates(rates, undefined, true, 0);
  trackRates(rates, [{ peerId: 'p1' }], true, 0);
  trackRates(rates, [{ peerId: 'p1', bytes: 500 }], true, 1000);
  assert.equal(rates.get('p1').speed, 500);
});

test('a source\'s share is a whole percent of all bytes, 0 when there are none', () => {
  assert.equal(sharePercent(1, 3), 33);
  assert.equal(sharePercent(2, 3), 67);
  assert.equal(sharePercent(3, 3), 100);
  assert.equal(sharePercent(0, 0), 0);
  assert.equal(sharePercent(undefined, 10), 0);
});
