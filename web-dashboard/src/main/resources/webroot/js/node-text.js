// The "This node" section's texts, made from the node object. Pure functions, no DOM.

import { address } from './format.js';

/** The tracker cluster as the last join reply described it: "not clustered", or its members. */
export function clusterText(trackerNode) {
  if (!trackerNode || trackerNode.clustered === undefined) return '—';
  if (!trackerNode.clustered) return 'not clustered';
  const members = (trackerNode.members || []).map((m) => (m.host ? address(m.host, m.port) : String(m.node)));
  if (members.length === 0) return 'clustered';
  return `${members.length} ${members.length === 1 ? 'member' : 'members'}: ${members.join(', ')}`;
}

/** A private network (TLS) with this node's certificate and any warning of its expiry, or an open network's warning. */
export function networkText(tls) {
  if (!tls) return '—';
  if (!tls.enabled) return tls.warning ? `${tls.warning.charAt(0).toUpperCase()}${tls.warning.slice(1)}.` : 'Open.';
  const until = new Date(tls.notAfter).toISOString().slice(0, 10);
  const text = `Private (mutual TLS), as ${tls.name}; certificate valid until ${until}`;
  return tls.warning ? `${text}. ${tls.warning}` : text;
}

/** Whether other peers can connect to this node, as the tracker found by dialling it back. */
export function reachText(reach) {
  if (!reach) return '—';
  const seen = reach.observedHost ? ` (the tracker sees it as ${reach.observedHost})` : '';
  if (reach.state === 'reachable') return `Reachable${seen}.`;
  if (reach.state === 'behind-nat') {
    return `Behind NAT${seen}: other peers cannot connect to it${reach.why ? ` (${reach.why})` : ''}.`;
  }
  return `Unknown${reach.why ? `: ${reach.why}` : ''}${seen}.`;
}
