package p2pshare.tracker.server;

import io.vertx.core.Future;
import java.util.Collection;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.tracker.registry.PeerEntry;

/**
 * Where the front records what peers offer: the registry ({@link ShardClient}) and the subscribers of the files
 * ({@link SwarmInterest}) hear of every offer made and withdrawn, through this one door, so that neither misses one.
 * Runs on the front's event loop only.
 */
final class Offers {
  private final ShardClient shards;
  private final SwarmInterest interest;

  Offers(ShardClient shards, SwarmInterest interest) {
    this.shards = shards;
    this.interest = interest;
  }

  ShardClient shards() {
    return shards;
  }

  SwarmInterest interest() {
    return interest;
  }

  /** {@code peer} offers {@code files} from now on (new offers, or ones that replace its earlier offers). */
  Future<Void> add(PeerEntry peer, Collection<FileEntry> files) {
    interest.offered(peer, files);
    return shards.add(peer, files);
  }

  /** {@code peerId} offers these files no more. */
  Future<Void> remove(String peerId, Collection<String> fileIds) {
    interest.withdrawn(peerId, fileIds);
    return shards.remove(peerId, fileIds);
  }
}
