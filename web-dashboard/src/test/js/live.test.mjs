// The live connection: its URL, its backoff, and that stop() ends it for good (no retry, no message, no socket).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectLive, retryDelay, socketUrl } from '../../main/resources/webroot/js/live.js';
import { fakeClock } from './fake-clock.mjs';

test('the socket is on the page\'s own host, wss under https, the token encoded', () => {
  assert.equal(socketUrl(new URL('http://127.0.0.1:8080/'), 'abc'), 'ws://127.0.0.1:8080/ws?token=abc');
  assert.equal(socketUrl(new URL('https://node.example/x?y'), 'a b&c'), 'wss://node.example/ws?token=a%20b%26c');
  assert.equal(socketUrl(new URL('http://[::1]:8080/'), null), 'ws://[::1]:8080/ws?token=');
});

test('retries back off from 1 s, doubling, to at most 10 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 100, 1e9].map(retryDelay), [1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    10_000]);
});

/** A WebSocket stand-in: records what the page does with it; the test plays the server. */
class FakeSocket {
  constructor(url) {
    this.url = url;
    this.listeners = { message: [], close: [] };
    this.closed = false;
  }

  addEventListener(type, fn) {
    this.listeners[type].push(fn);
  }

  close() {
    this.closed = true;
  }

  receive(data) {
    this.listeners.message.forEach((fn) => fn({ data }));
  }

  drop() {
    this.listeners.close.forEach((fn) => fn({}));
  }
}

function connect({ beforeRetry = async () => true } = {}) {
  const clock = fakeClock();
  const sockets = [];
  const messages = [];
  let lost = 0;
  const live = connectLive(
    { token: () => 'tok', onMessage: (m) => messages.push(m), onLost: () => lost++, beforeRetry },
    { openSocket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; }, clock,
      where: new URL('http://127.0.0.1:8080/') });
  return { live, clock, sockets, messages, lost: () => lost };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('messages are parsed in order and text that is not JSON is skipped', () => {
  const { sockets, messages } = connect();
  assert.equal(sockets.length, 1);
  assert.equal(sockets[0].url, 'ws://127.0.0.1:8080/ws?token=tok');
  sockets[0].receive('{"type":"snapshot"}');
  sockets[0].receive('not json');
  sockets[0].receive('{"type":"download","download":{"id":"d1"}}');
  assert.deepEqual(messages, [{ type: 'snapshot' }, { type: 'download', download: { id: 'd1' } }]);
});

test('a dropped connection is reported and opened again after the backoff', async () => {
  const { clock, sockets, lost } = connect();
  sockets[0].drop();
  assert.equal(lost(), 1);
  clock.advance(999);
  await settle();
  assert.equal(sockets.length, 1);
  clock.advance(1);
  await settle();
  assert.equal(sockets.length, 2);
  sockets[1].drop();
  clock.advance(1999);
  await settle();
  assert.equal(sockets.length, 2, 'the second retry waits 2 s');
  clock.advance(1);
  await settle();
  assert.equal(sockets.length, 3);
});

test('a snapshot resets the backoff', async () => {
  const { clock, sockets } = connect();
  sockets[0].drop();
  clock.advance(1000);
  await settle();
  sockets[1].receive('{"type":"snapshot"}');
  sockets[1].drop();
  clock.advance(1000);
  await settle();
  assert.equal(sockets.length, 3);
});

test('stop closes the socket, and its late messages and close are ignored', () => {
  const { live, clock, sockets, messages, lost } = connect();
  live.stop();
  assert.equal(sockets[0].closed, true);
  sockets[0].receive('{"type":"download"}');
  sockets[0].drop();
  assert.deepEqual(messages, []);
  assert.equal(lost(), 0);
  assert.equal(clock.pending, 0);
});

test('stop during the backoff cancels the retry', async () => {
  const { live, clock, sockets } = connect();
  sockets[0].drop();
  assert.equal(clock.pending, 1);
  live.stop();
  assert.equal(clock.pending, 0);
  clock.advance(60_000);
  await settle();
  assert.equal(sockets.length, 1);
});

test('stop while the token is being checked opens nothing', async () => {
  let answer;
  const { live, clock, sockets } = connect({ beforeRetry: () => new Promise((resolve) => { answer = resolve; }) });
  sockets[0].drop();
  clock.advance(1000);
  live.stop();
  answer(true);
  await settle();
  assert.equal(sockets.length, 1);
  assert.equal(clock.pending, 0);
});

test('a token found wrong before a retry stops the retries', async () => {
  const { clock, sockets } = connect({ beforeRetry: async () => false });
  sockets[0].drop();
  clock.advance(1000);
  await settle();
  assert.equal(sockets.length, 1);
  assert.equal(clock.pending, 0);
  clock.advance(60_000);
  await settle();
  assert.equal(sockets.length, 1);
});
