// The speed graph's samples: the last ones kept, gaps where the graph was stopped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSpeedHistory } from '../../main/resources/webroot/js/speed-history.js';

test('a new history has only gaps and a peak of 0', () => {
  const history = createSpeedHistory(4, 500);
  assert.deepEqual(history.values(), [null, null, null, null]);
  assert.equal(history.peak(), 0);
});

test('samples a period apart follow each other, the oldest dropped', () => {
  const history = createSpeedHistory(4, 500);
  [10, 20, 30, 40, 50].forEach((v, i) => history.add(v, i * 500));
  assert.deepEqual(history.values(), [20, 30, 40, 50]);
  assert.equal(history.peak(), 50);
});

test('periods without a sample become gaps', () => {
  const history = createSpeedHistory(6, 500);
  history.add(10, 0);
  history.add(20, 1500); // two periods missed
  assert.deepEqual(history.values(), [null, null, 10, null, null, 20]);
});

test('a timer a little late is no gap', () => {
  const history = createSpeedHistory(3, 500);
  history.add(1, 0);
  history.add(2, 700);
  history.add(3, 1250);
  assert.deepEqual(history.values(), [1, 2, 3]);
});

test('a long stop leaves a history of gaps and the new sample', () => {
  const history = createSpeedHistory(3, 500);
  history.add(5, 0);
  history.add(7, 3_600_000);
  assert.deepEqual(history.values(), [null, null, 7]);
  assert.equal(history.peak(), 7);
});

test('a speed below zero or not a number is 0', () => {
  const history = createSpeedHistory(3, 500);
  history.add(-5, 0);
  history.add(NaN, 500);
  history.add(undefined, 1000);
  assert.deepEqual(history.values(), [0, 0, 0]);
});

test('values are a copy', () => {
  const history = createSpeedHistory(2, 500);
  history.values().push(99);
  assert.deepEqual(history.values(), [null, null]);
});
