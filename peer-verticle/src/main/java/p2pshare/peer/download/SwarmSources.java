package p2pshare.peer.download;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import p2pshare.peer.share.Manifest;

/**
 * The sources of one transfer: which peers the tracker lists are taken (complete ones first, up to
 * {@code maxSources} usable ones, none banned from the file, none offering it at another size than the proven one),
 * and which of them may take a second request in the end game. Event loop only.
 */
final class SwarmSources {
  private final SwarmSetup setup;
  private final DownloadProgress download;
  private final Runnable onChange;
  private final List<Source> sources = new ArrayList<>();
  /** Why the last peers added were left out as unreachable ({@link Unreachable}), or null if none was. */
  private String unreached;

  /** @param onChange told when what a source offers changed */
  SwarmSources(SwarmSetup setup, DownloadProgress download, Runnable onChange) {
    this.setup = setup;
    this.download = download;
    this.onChange = onChange;
  }

  /** The sources, dropped ones too (their errors are part of the download's story). */
  List<Source> list() {
    return sources;
  }

  /**
   * Adds the peers not known yet. Once the manifest proved the file's size ({@code manifest} not null), a peer that
   * offers it at another size is left out (the fileId covers the size, so it lies), and a new source is asked at once
   * what it offers. Peers this node cannot reach now ({@link Unreachable}) are left out too.
   */
  void add(List<JsonObject> peers, Manifest manifest) {
    boolean canReverse = setup.dialing().dialer().canReverse();
    List<JsonObject> notBanned = peers.stream()
        .filter(p -> !setup.bans().banned(BanList.Key.of(download.fileId, p)))
        .toList();
    // Behind NAT, or could not be connected to lately: no slot for it (docs/protocol.md, "Reachability").
    List<JsonObject> reachable = notBanned.stream()
        .filter(p -> !setup.dialing().unreachable().excludes(p, canReverse))
        .toList();
    long left = notBanned.size() - reachable.size();
    unreached = left == 0 ? null : Unreachable.why(left, canReverse);
    List<JsonObject> ordered = new ArrayList<>(reachable.stream()
        .filter(p -> manifest == null || p.getLong("size", manifest.size()) == manifest.size())
        .toList());
    ordered.sort(Comparator.comparing((JsonObject p) -> Boolean.TRUE.equals(p.getValue("partial")))
        .thenComparing(p -> -p.getLong("chunks", 0L)));
    for (JsonObject peer : ordered) {
      String peerId = peer.getString("peerId");
      if (sources.stream().filter(Source::usable).count() >= setup.settings().maxSources()
          || sources.stream().anyMatch(s -> s.peerId.equals(peerId) && s.usable())) {
        continue;
      }
      sources.removeIf(s -> s.peerId.equals(peerId)); // a dropped one that came back starts afresh
      Source source = new Source(setup, peer, download.fileId,
          download.name + " (" + DownloadEngine.shortId(download.fileId) + ")", onChange);
      sources.add(source);
      if (manifest != null) {
        setup.meters().sourceAdded();
        source.manifest(download.fileId); // learn its offer now; a failure is the source's
      }
    }
  }

  /** The tracker says this peer left, or offers the file no more ({@code why}): it is no source any more. */
  void left(String peerId, String why) {
    sources.stream().filter(s -> s.peerId.equals(peerId)).forEach(s -> s.drop(why));
  }

  /** Why the sources last listed were left out as unreachable, or null if none was. */
  String unreached() {
    return unreached;
  }

  boolean anyUsable() {
    return sources.stream().anyMatch(Source::usable);
  }

  boolean anyUsableBut(Source first) {
    return sources.stream().anyMatch(s -> s.usable() && s != first);
  }

  /** The least busy usable source but {@code first} that offers chunk {@code index} (or has all), or null. */
  Source otherFor(int index, Source first) {
    return sources.stream().filter(Source::usable).filter(s -> s != first)
        .filter(s -> s.offers(index) || s.complete())
        .min(Comparator.comparingInt(Source::inFlight).thenComparingInt(Source::chunks)).orElse(null);
  }

  void closeAll() {
    sources.forEach(Source::close);
  }
}
