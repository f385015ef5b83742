package p2pshare.tracker.server;

import java.util.Collection;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.tracker.registry.LivePeer;

/** Where the changes of the peers attached to this node go: nowhere for a single tracker, the cluster otherwise. */
interface ChangeLog {
  ChangeLog NONE = new ChangeLog() {
    @Override
    public void joined(LivePeer peer) {
    }

    @Override
    public void updated(LivePeer peer, Collection<String> removed, Collection<FileEntry> added) {
    }

    @Override
    public void left(LivePeer peer, String reason) {
    }
  };

  /** The peer joined with its files, at a version above every one its node gave before. */
  void joined(LivePeer peer);

  /** The peer's files changed (its version is already the new one): {@code removed}, then {@code added}. */
  void updated(LivePeer peer, Collection<String> removed, Collection<FileEntry> added);

  /** The peer left, expired or disconnected. */
  void left(LivePeer peer, String reason);
}
