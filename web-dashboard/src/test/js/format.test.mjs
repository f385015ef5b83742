// The page's number formatting: sizes, speeds, percentages, durations, relative times and countdowns.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fmt from '../../main/resources/webroot/js/format.js';

test('bytes below one KiB are whole bytes', () => {
  assert.equal(fmt.bytes(0), '0 B');
  assert.equal(fmt.bytes(1), '1 B');
  assert.equal(fmt.bytes(1023), '1023 B');
});

test('bytes from one KiB have a decimal below 100 and none from 100', () => {
  assert.equal(fmt.bytes(1024), '1.0 KiB');
  assert.equal(fmt.bytes(1536), '1.5 KiB');
  assert.equal(fmt.bytes(102300), '99.9 KiB');
  assert.equal(fmt.bytes(99.95 * 1024), '100 KiB');
  assert.equal(fmt.bytes(100 * 1024), '100 KiB');
  assert.equal(fmt.bytes(5 * 2 ** 30), '5.0 GiB');
});

test('bytes whose rounded figure reaches 1024 move to the next unit', () => {
  assert.equal(fmt.bytes(1023.5), '1.0 KiB');
  assert.equal(fmt.bytes(2 ** 20 - 1), '1.0 MiB');
  assert.equal(fmt.bytes(2 ** 30 - 1), '1.0 GiB');
});

test('bytes stop at TiB however large', () => {
  assert.equal(fmt.bytes(2 ** 40), '1.0 TiB');
  assert.equal(fmt.bytes(2048 * 2 ** 40), '2048 TiB');
  assert.equal(fmt.bytes(Number.MAX_SAFE_INTEGER), '8192 TiB');
});

test('bytes of a negative, missing or infinite count are a dash', () => {
  for (const bad of [-1, NaN, Infinity, null, undefined, '12']) assert.equal(fmt.bytes(bad), '—', String(bad));
});

test('speed is bytes per second, and zero for nothing or nonsense', () => {
  assert.equal(fmt.speed(1023), '1023 B/s');
  assert.equal(fmt.speed(1024), '1.0 KiB/s');
  assert.equal(fmt.speed(3.5 * 2 ** 20), '3.5 MiB/s');
  for (const none of [0, -5, NaN, null, undefined, Infinity]) assert.equal(fmt.speed(none), '0 B/s', String(none));
});

test('percent rounds down, so only what is done shows 100', () => {
  assert.equal(fmt.percent(1, 3), 33);
  assert.equal(fmt.percent(2, 3), 66);
  assert.equal(fmt.percent(999, 1000), 99);
  assert.equal(fmt.percent(1000, 1000), 100);
  assert.equal(fmt.percent(2 ** 53, 2 ** 53), 100);
});

test('percent stays within 0..100 and an empty total is complete', () => {
  assert.equal(fmt.percent(1500, 1000), 100);
  assert.equal(fmt.percent(-5, 100), 0);
  assert.equal(fmt.percent(0, 0), 100);
  assert.equal(fmt.percent(0, null), 100);
  assert.equal(fmt.percent(-1, 0), 0);
  assert.equal(fmt.percent(undefined, 100), 0);
  assert.equal(fmt.percent(NaN, 100), 0);
});

test('duration in seconds, then minutes and seconds, then hours and minutes', () => {
  assert.equal(fmt.duration(0), '0 s');
  assert.equal(fmt.duration(59.4), '59 s');
  assert.equal(fmt.duration(59.5), '1 min 0 s');
  assert.equal(fmt.duration(3599), '59 min 59 s');
  assert.equal(fmt.duration(3600), '1 h 0 min');
  assert.equal(fmt.duration(3 * 86400 + 125), '72 h 2 min');
  for (const bad of [-1, NaN, Infinity, null, undefined]) assert.equal(fmt.duration(bad), '—', String(bad));
});

test('ago counts back from now, and a time in the future is just now', () => {
  const now = 1_700_000_000_000;
  assert.equal(fmt.ago(now, now), 'just now');
  assert.equal(fmt.ago(now - 4_499, now), 'just now');
  assert.equal(fmt.ago(now - 4_500, now), '5 s ago');
  assert.equal(fmt.ago(now - 59_000, now), '59 s ago');
  assert.equal(fmt.ago(now - 60_000, now), '1 min ago');
  assert.equal(fmt.ago(now - 3_599_000, now), '59 min ago');
  assert.equal(fmt.ago(now - 3_600_000, now), '1 h ago');
  assert.equal(fmt.ago(now - 86_400_000, now), '1 d ago');
  assert.equal(fmt.ago(now - 400 * 86_400_000, now), '400 d ago');
  assert.equal(fmt.ago(now + 60_000, now), 'just now');
  for (const bad of [0, -1, null, undefined, NaN]) assert.equal(fmt.ago(bad, now), '—', String(bad));
});

test('countdown rounds the seconds left up and says now once the time has come', () => {
  const now = 1_700_000_000_000;
  assert.equal(fmt.countdown(now + 12_000, now), 'in 12 s');
  assert.equal(fmt.countdown(now + 11_001, now), 'in 12 s');
  assert.equal(fmt.countdown(now + 1, now), 'in 1 s');
  assert.equal(fmt.countdown(now + 65_000, now), 'in 1 min 5 s');
  assert.equal(fmt.countdown(now, now), 'now');
  assert.equal(fmt.countdown(now - 5_000, now), 'now');
  for (const bad of [0, null, undefined, NaN]) assert.equal(fmt.countdown(bad, now), '—', String(bad));
});

test('address puts an IPv6 host in brackets', () => {
  assert.equal(fmt.address('10.0.0.1', 7000), '10.0.0.1:7000');
  assert.equal(fmt.address('::1', 7000), '[::1]:7000');
  assert.equal(fmt.address('peer.example', 80), 'peer.example:80');
  assert.equal(fmt.address('', 7000), '—');
  assert.equal(fmt.address(null, 7000), '—');
});

test('ratio is uploaded over downloaded, a dash before anything was downloaded', () => {
  assert.equal(fmt.ratio(1, 3), '0.33');
  assert.equal(fmt.ratio(2, 3), '0.67');
  assert.equal(fmt.ratio(0, 10), '0.00');
  assert.equal(fmt.ratio(undefined, 4), '0.00');
  assert.equal(fmt.ratio(3 * 2 ** 40, 2 ** 40), '3.00');
  assert.equal(fmt.ratio(5, 0), '—');
  assert.equal(fmt.ratio(5, null), '—');
});
