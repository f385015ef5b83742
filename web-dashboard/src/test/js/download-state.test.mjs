// What the page makes of a download's state: waiting as a state of its own, the actions offered, what counts as
// finished or as news, and the progress figures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as states from '../../main/resources/webroot/js/download-state.js';

const NOW = 1_700_000_000_000;
const ALL = ['queued', 'running', 'waiting', 'paused', 'completed', 'failed', 'cancelled'];

test('a waiting download is shown as waiting', () => {
  const download = { state: 'waiting', error: 'no source left', retryAt: NOW + 30_000 };
  assert.equal(states.shownState(download), 'waiting');
  assert.equal(states.shownState({ state: 'waiting', error: null, retryAt: null }), 'waiting');
});

test('an older node\'s running download with a retry time is shown as waiting', () => {
  assert.equal(states.shownState({ state: 'running', error: 'no source left', retryAt: NOW }), 'waiting');
});

test('a running download without a retry time is running, with or without an error text', () => {
  assert.equal(states.shownState({ state: 'running', error: null, retryAt: null }), 'running');
  assert.equal(states.shownState({ state: 'running', error: 'peer-1: closed' }), 'running');
  assert.equal(states.shownState({ state: 'running', retryAt: 0 }), 'running');
});

test('other states are shown as they are, and no download has no state', () => {
  for (const state of ['queued', 'paused', 'completed', 'failed', 'cancelled']) {
    assert.equal(states.shownState({ state, retryAt: NOW }), state);
  }
  assert.equal(states.shownState(null), undefined);
  assert.equal(states.shownState(undefined), undefined);
});

test('a waiting download can be paused and cancelled, like a running one', () => {
  const can = (state) => ({ pause: states.canPause(state), resume: states.canResume(state),
    cancel: states.canCancel(state), retry: states.canRetry(state) });
  assert.deepEqual(can('waiting'), { pause: true, resume: false, cancel: true, retry: false });
  assert.deepEqual(can('running'), { pause: true, resume: false, cancel: true, retry: false });
  assert.deepEqual(can('queued'), { pause: true, resume: false, cancel: true, retry: false });
  assert.deepEqual(can('paused'), { pause: false, resume: true, cancel: true, retry: false });
  assert.deepEqual(can('failed'), { pause: false, resume: false, cancel: false, retry: true });
  assert.deepEqual(can('cancelled'), { pause: false, resume: false, cancel: false, retry: true });
  assert.deepEqual(can('completed'), { pause: false, resume: false, cancel: false, retry: false });
  assert.deepEqual(can(undefined), { pause: false, resume: false, cancel: false, retry: false });
});

test('only completed, failed and cancelled downloads are finished', () => {
  assert.deepEqual(ALL.filter(states.isFinished), ['completed', 'failed', 'cancelled']);
});

test('news is a download that just completed or failed; waiting is never news', () => {
  assert.equal(states.isNews('running', 'completed'), true);
  assert.equal(states.isNews('waiting', 'failed'), true);
  assert.equal(states.isNews('running', 'waiting'), false);
  assert.equal(states.isNews('waiting', 'running'), false);
  assert.equal(states.isNews('running', 'cancelled'), false);
  assert.equal(states.isNews('completed', 'completed'), false);
  assert.equal(states.isNews(undefined, 'completed'), false, 'a download first seen completed is not news');
});

test('the waiting text says why and when the tracker is asked again', () => {
  const download = { state: 'waiting', error: 'no source left', retryAt: NOW + 12_000 };
  assert.equal(states.waitingText(download, NOW),
    'Waiting: no source left · asking the tracker again in 12 s');
  assert.equal(states.waitingText(download, NOW + 11_500),
    'Waiting: no source left · asking the tracker again in 1 s');
  assert.equal(states.waitingText(download, NOW + 12_000), 'Waiting: no source left · asking the tracker again now');
  assert.equal(states.waitingText({ ...download, retryAt: NOW + 125_000 }, NOW),
    'Waiting: no source left · asking the tracker again in 2 min 5 s');
});

test('the waiting text without a reason or a retry time says what it knows', () => {
  assert.equal(states.waitingText({ state: 'waiting', error: null, retryAt: NOW + 3_000 }, NOW),
    'Waiting: no source yet · asking the tracker again in 3 s');
  assert.equal(states.waitingText({ state: 'waiting', error: 'tracker unavailable', retryAt: null }, NOW),
    'Waiting: tracker unavailable');
  assert.equal(states.waitingText({ state: 'waiting' }, NOW), 'Waiting: no source yet');
});

test('an older node\'s waiting text gives its reason; its own "next try" is left to the countdown', () => {
  assert.equal(states.waitReason('waiting for a source (no source left); next try in 8 s'), 'no source left');
  assert.equal(states.waitReason('waiting for a source (peer-1: closed (reset)); next try in 30 s'),
    'peer-1: closed (reset)');
  assert.equal(states.waitingText({ state: 'running', retryAt: NOW + 8_000,
    error: 'waiting for a source (tracker unavailable); next try in 8 s' }, NOW),
  'Waiting: tracker unavailable · asking the tracker again in 8 s');
});

test('any other reason is shown as it is, and none as no source yet', () => {
  assert.equal(states.waitReason('no source left'), 'no source left');
  assert.equal(states.waitReason('waiting for a source (x)'), 'waiting for a source (x)');
  assert.equal(states.waitReason('waiting for a source (); next try in 8 s'),
    'waiting for a source (); next try in 8 s');
  assert.equal(states.waitReason(null), 'no source yet');
  assert.equal(states.waitReason(''), 'no source yet');
});

test('a running download shows its speed and the time left', () => {
  const download = { state: 'running', size: 10 * 2 ** 20, bytesDone: 4 * 2 ** 20, bytesPerSecond: 2 ** 20 };
  assert.deepEqual(states.figures(download), { done: 4 * 2 ** 20, percent: 40, amount: '4.0 MiB of 10.0 MiB',
    speed: '1.0 MiB/s', eta: '6 s left' });
});

test('a running download with no speed yet shows no time left', () => {
  const download = { state: 'running', size: 2048, bytesDone: 1024, bytesPerSecond: 0 };
  assert.deepEqual(states.figures(download), { done: 1024, percent: 50, amount: '1.0 KiB of 2.0 KiB',
    speed: '0 B/s', eta: '' });
});

test('a waiting download shows neither speed nor time left, also from an older node', () => {
  const waiting = { state: 'waiting', size: 2048, bytesDone: 1024, bytesPerSecond: 0, retryAt: NOW };
  const older = { ...waiting, state: 'running', bytesPerSecond: 500 };
  for (const download of [waiting, older]) {
    assert.deepEqual(states.figures(download), { done: 1024, percent: 50, amount: '1.0 KiB of 2.0 KiB',
      speed: '', eta: '' });
  }
});

test('a completed download is all done whatever its byte count says', () => {
  assert.deepEqual(states.figures({ state: 'completed', size: 1023, bytesDone: 0 }),
    { done: 1023, percent: 100, amount: '1023 B of 1023 B', speed: '', eta: '' });
});

test('a download with missing fields shows dashes, not NaN', () => {
  assert.deepEqual(states.figures({ state: 'queued' }),
    { done: 0, percent: 100, amount: '0 B of —', speed: '', eta: '' });
});

test('the total speed counts transferring downloads only', () => {
  const downloads = [
    { state: 'running', bytesPerSecond: 1000 },
    { state: 'running', bytesPerSecond: 24 },
    { state: 'running', bytesPerSecond: 700, retryAt: NOW }, // an older node's waiting download
    { state: 'waiting', bytesPerSecond: 300 },
    { state: 'paused', bytesPerSecond: 50 },
    { state: 'running', bytesPerSecond: null },
    { state: 'running' },
  ];
  assert.equal(states.totalSpeed(downloads), 1024);
  assert.equal(states.totalSpeed([]), 0);
});
