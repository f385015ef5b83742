package p2pshare.peer.download;

import p2pshare.peer.share.PartialShare;

/**
 * Where a running download's verified chunks are offered to other peers (the node's share index and the tracker).
 * Called on the engine's event loop.
 */
public interface PartialOffers {
  /** The download's part file is open: offer its verified chunks from now on. */
  void offer(PartialShare part);

  /**
   * Stop offering the partial file, before its part file goes away. {@code completed}: it is now offered whole, so
   * the tracker is told by that offer instead; otherwise the tracker is told this node no longer has it.
   */
  void withdraw(String fileId, boolean completed);

  /** Offers nothing (tests of the engine alone). */
  PartialOffers NONE = new PartialOffers() {
    @Override
    public void offer(PartialShare part) {
    }

    @Override
    public void withdraw(String fileId, boolean completed) {
    }
  };
}
