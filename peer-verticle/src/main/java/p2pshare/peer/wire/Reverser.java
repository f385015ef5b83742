package p2pshare.peer.wire;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

/**
 * Opens connections to sources that cannot be dialled, by having them dial this node (connection reversal,
 * docs/protocol.md "Reachability").
 */
public interface Reverser {
  /** Whether it can work now: this node can be reached, so a source can dial it. */
  boolean possible();

  /** A connection opened by peer {@code peerId} to this node's chunk port, not yet checked against its name. */
  Future<NetSocket> connect(String peerId);
}
