// The "This node" section's texts: the tracker cluster and the network.

import assert from 'node:assert/strict';
import { clusterText, networkText, reachText } from '../../main/resources/webroot/js/node-text.js';
import { test } from 'node:test';

test('a tracker cluster lists its members, by address or by node id', () => {
  assert.equal(clusterText({ clustered: true, members: [{ host: '10.0.0.1', port: 6881 }] }),
    '1 member: 10.0.0.1:6881');
  assert.equal(clusterText({ clustered: true, members: [{ host: '10.0.0.1', port: 6881 }, { node: 'n-2' }] }),
    '2 members: 10.0.0.1:6881, n-2');
  assert.equal(clusterText({ clustered: true, members: [{ host: 'fd77::10', port: 6881 }] }),
    '1 member: [fd77::10]:6881');
  assert.equal(clusterText({ clustered: true }), 'clustered');
  assert.equal(clusterText({ clustered: true, members: [] }), 'clustered');
});

test('a single tracker is not clustered, and an unknown one is a dash', () => {
  assert.equal(clusterText({ clustered: false }), 'not clustered');
  assert.equal(clusterText({}), '—');
  assert.equal(clusterText(null), '—');
});

test('a private network names the certificate and its end, with any warning', () => {
  const tls = { enabled: true, name: 'alice', notAfter: Date.UTC(2027, 0, 31, 23, 0), warning: null };
  assert.equal(networkText(tls), 'Private (mutual TLS), as alice; certificate valid until 2027-01-31');
  assert.equal(networkText({ ...tls, warning: 'It expires in 3 days.' }),
    'Private (mutual TLS), as alice; certificate valid until 2027-01-31. It expires in 3 days.');
});

test('an open network shows its warning as a sentence', () => {
  assert.equal(networkText({ enabled: false, warning: 'open network: anyone can join' }),
    'Open network: anyone can join.');
  assert.equal(networkText({ enabled: false, warning: null }), 'Open.');
  assert.equal(networkText(null), '—');
});

test('reachability says what the tracker found, and from where it sees the node', () => {
  assert.equal(reachText({ state: 'reachable', observedHost: 'fd77::11', why: null }),
    'Reachable (the tracker sees it as fd77::11).');
  assert.equal(reachText({ state: 'behind-nat', observedHost: '10.77.1.1', why: 'Connection refused' }),
    'Behind NAT (the tracker sees it as 10.77.1.1): other peers cannot connect to it (Connection refused).');
  assert.equal(reachText({ state: 'unknown', observedHost: null, why: 'not joined' }), 'Unknown: not joined.');
  assert.equal(reachText(undefined), '—');
});
