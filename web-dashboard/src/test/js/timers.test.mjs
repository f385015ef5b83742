// The timers a view owns: they run until their owner stops them, and nothing runs after that.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTimers, debounce, repeat } from '../../main/resources/webroot/js/timers.js';
import { fakeClock } from './fake-clock.mjs';

test('an interval runs every period until its own cancel', () => {
  const clock = fakeClock();
  const timers = createTimers(clock);
  let runs = 0;
  const cancel = timers.every(100, () => runs++);
  clock.advance(350);
  assert.equal(runs, 3);
  assert.equal(timers.active, 1);
  cancel();
  clock.advance(1000);
  assert.equal(runs, 3);
  assert.equal(timers.active, 0);
  assert.equal(clock.pending, 0);
});

test('a timeout runs once and then no longer counts', () => {
  const clock = fakeClock();
  const timers = createTimers(clock);
  let runs = 0;
  const cancel = timers.after(50, () => runs++);
  assert.equal(timers.active, 1);
  clock.advance(49);
  assert.equal(runs, 0);
  clock.advance(1);
  assert.equal(runs, 1);
  assert.equal(timers.active, 0);
  cancel(); // too late: it clears nothing, so it cannot clear a timer that reused the id
  assert.deepEqual(clock.cleared, []);
  clock.advance(500);
  assert.equal(runs, 1);
});

test('stop cancels every pending interval and timeout at once', () => {
  const clock = fakeClock();
  const timers = createTimers(clock);
  const runs = [];
  timers.every(100, () => runs.push('every'));
  timers.after(150, () => runs.push('after'));
  timers.after(10, () => runs.push('soon'));
  clock.advance(100);
  assert.deepEqual(runs, ['soon', 'every']);
  assert.equal(timers.active, 2);
  timers.stop();
  assert.equal(timers.active, 0);
  assert.equal(clock.pending, 0);
  clock.advance(10_000);
  assert.deepEqual(runs, ['soon', 'every']);
});

test('an owner can start timers again after stop, and a second stop clears nothing twice', () => {
  const clock = fakeClock();
  const timers = createTimers(clock);
  let runs = 0;
  timers.every(100, () => runs++);
  timers.stop();
  timers.stop();
  assert.equal(clock.cleared.length, 1);
  timers.every(100, () => runs++);
  clock.advance(200);
  assert.equal(runs, 2);
});

test('a repeated job runs at once on start, then every period, and not after stop', () => {
  const clock = fakeClock();
  let runs = 0;
  const job = repeat(1000, () => runs++, clock);
  assert.equal(job.running, false);
  job.start();
  assert.equal(runs, 1);
  assert.equal(job.running, true);
  clock.advance(2500);
  assert.equal(runs, 3);
  job.stop();
  assert.equal(job.running, false);
  assert.equal(clock.pending, 0);
  clock.advance(10_000);
  assert.equal(runs, 3);
});

test('starting a running job neither runs it again nor adds a timer', () => {
  const clock = fakeClock();
  let runs = 0;
  const job = repeat(1000, () => runs++, clock);
  job.start();
  job.start();
  assert.equal(runs, 1);
  assert.equal(clock.pending, 1);
  clock.advance(1000);
  assert.equal(runs, 2);
});

test('a job stopped and started again runs at once and keeps one timer', () => {
  const clock = fakeClock();
  let runs = 0;
  const job = repeat(1000, () => runs++, clock);
  job.start();
  job.stop();
  job.stop();
  job.start();
  assert.equal(runs, 2);
  assert.equal(clock.pending, 1);
  clock.advance(999);
  assert.equal(runs, 2);
  clock.advance(1);
  assert.equal(runs, 3);
});

test('a debounced call runs once, with the last arguments, after the calls stop', () => {
  const clock = fakeClock();
  const calls = [];
  const later = debounce((x) => calls.push(x), 300, clock);
  later('a');
  clock.advance(200);
  later('b');
  clock.advance(299);
  assert.deepEqual(calls, []);
  clock.advance(1);
  assert.deepEqual(calls, ['b']);
  assert.equal(clock.pending, 0);
});

test('a cancelled debounced call never runs, and the next call works again', () => {
  const clock = fakeClock();
  const calls = [];
  const later = debounce((x) => calls.push(x), 300, clock);
  later('a');
  later.cancel();
  assert.equal(clock.pending, 0);
  clock.advance(1000);
  assert.deepEqual(calls, []);
  later.cancel(); // nothing pending: nothing to clear
  later('c');
  clock.advance(300);
  assert.deepEqual(calls, ['c']);
});
