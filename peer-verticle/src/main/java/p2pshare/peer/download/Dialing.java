package p2pshare.peer.download;

import io.vertx.core.Vertx;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerDialer;

/**
 * How the node's downloads reach their sources: the dialer (TLS or not), the one pool chunks are received into, and
 * the name this node gives in its hello, and the sources it cannot reach for now.
 */
record Dialing(Vertx vertx, PeerDialer dialer, ChunkBuffers buffers, String self, Unreachable unreachable) {
}
