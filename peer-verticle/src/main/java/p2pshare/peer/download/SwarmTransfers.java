package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.wire.PeerDialer;

/**
 * The node's {@link Transfers}: sources from the tracker ({@link SourceLookup}) less those banned from the file,
 * room on disk ({@link SpaceCheck}), and {@link SwarmDownload}s that offer their verified chunks to other peers
 * ({@link PartialOffers}). Used on the engine's event loop.
 */
final class SwarmTransfers implements Transfers {
  private final SourceLookup lookup;
  private final SpaceCheck space;
  private SwarmSetup setup;
  private PartialOffers offers = PartialOffers.NONE;

  SwarmTransfers(SwarmSetup setup, SourceLookup lookup, SpaceCheck space) {
    this.setup = setup;
    this.lookup = lookup;
    this.space = space;
  }

  /** Transfers opened from now on dial sources with {@code dialer}; returns the one used before. */
  PeerDialer dialWith(PeerDialer dialer) {
    Dialing before = setup.dialing();
    setup = new SwarmSetup(new Dialing(before.vertx(), dialer, before.buffers(), before.self(), before.unreachable()), setup.settings(),
        setup.folders(), setup.meters(), setup.bans());
    return before.dialer();
  }

  PeerDialer dialer() {
    return setup.dialing().dialer();
  }

  /** The files whose sources the node wants pushed ({@link SourceLookup#interest}). */
  void interest(Set<String> fileIds) {
    lookup.interest(fileIds);
  }

  void offerWith(PartialOffers offers) {
    this.offers = offers;
  }

  @Override
  public Future<List<JsonObject>> sources(String fileId) {
    BanList bans = setup.bans();
    return bans.loaded().compose(v -> lookup.sources(fileId))
        .compose(swarm -> {
          List<JsonObject> peers = SourceLookup.peersOf(swarm);
          long banned = peers.stream().filter(peer -> bans.banned(BanList.Key.of(fileId, peer))).count();
          Unreachable unreachable = setup.dialing().unreachable();
          boolean canReverse = setup.dialing().dialer().canReverse();
          long unreached = peers.stream().filter(peer -> !bans.banned(BanList.Key.of(fileId, peer))
              && unreachable.excludes(peer, canReverse)).count();
          if (banned + unreached == peers.size()) {
            return Future.failedFuture(DownloadException.noSource(noSource(banned, unreached, canReverse)));
          }
          return space.roomFor(fileId, SourceLookup.smallestSize(swarm)).map(peers);
        });
  }

  /** Why no source listed can be used: none, banned ones, ones this node cannot reach. */
  private static String noSource(long banned, long unreached, boolean canReverse) {
    if (banned + unreached == 0) {
      return "no source";
    }
    StringBuilder why = new StringBuilder("no source but");
    if (banned > 0) {
      why.append(' ').append(banned).append(" banned for bad chunks");
    }
    if (unreached > 0) {
      why.append(banned > 0 ? " and " : " ").append(Unreachable.why(unreached, canReverse));
    }
    return why.toString();
  }

  @Override
  public Transfer open(DownloadProgress progress, List<JsonObject> peers,
      Function<Manifest, Future<Void>> onProven) {
    String fileId = progress.fileId;
    // The start could only count on the smallest size offered: the proven one must fit too.
    return new SwarmDownload(setup, progress, peers, new SwarmHooks(
        () -> lookup.sources(fileId).map(SourceLookup::peersOf), () -> lookup.pushed(fileId), offers::offer,
        manifest -> space.roomFor(fileId, manifest.size()).compose(v -> onProven.apply(manifest))));
  }

  @Override
  public Future<Void> discardPart(String fileId) {
    return setup.dialing().vertx().executeBlocking(() -> {
      PartFile.deleteState(setup.folders().parts(), fileId);
      return null;
    }, false);
  }

  @Override
  public void withdraw(String fileId, boolean completed) {
    offers.withdraw(fileId, completed);
  }
}
