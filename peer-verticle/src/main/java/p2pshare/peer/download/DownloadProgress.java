package p2pshare.peer.download;

import io.vertx.core.json.JsonArray;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.PartialShare;
import p2pshare.peer.wire.PeerWire;

/**
 * What a download is and how far its transfer got: its identity, its size (proven by the manifest), the bytes done,
 * its sources and part file. The transfer writes it; {@link Download} snapshots read it. Event loop only.
 */
final class DownloadProgress {
  /** Sources an error message names; the rest are counted. */
  static final int NAMED_SOURCES = 3;
  final String id;
  final String fileId;
  final String name;
  final long createdAt;
  private long size;
  private long bytesDone;
  private long resumedBytes;
  private long publishMillis;
  private List<Source> sources = List.of();
  private PartialShare part;
  private Supplier<BitSet> wanted;
  private final SpeedMeter speed = new SpeedMeter();

  DownloadProgress(String id, String fileId, String name, long size, long createdAt) {
    this.id = id;
    this.fileId = fileId;
    this.name = name;
    this.size = size;
    this.createdAt = createdAt;
  }

  /** A download created now (tests, and a new start). */
  DownloadProgress(String id, String fileId, String name, long size) {
    this(id, fileId, name, size, System.currentTimeMillis());
  }

  long size() {
    return size;
  }

  long bytesDone() {
    return bytesDone;
  }

  long resumedBytes() {
    return resumedBytes;
  }

  /** How long publishing took once every chunk was in (renaming, and checking if set to), in ms. */
  long publishMillis() {
    return publishMillis;
  }

  void published(long millis) {
    publishMillis = millis;
  }

  long bytesPerSecond() {
    return speed.bytesPerSecond();
  }

  /** Bytes fetched from sources in this run (not counting what a resume found already done). */
  long bytesFetched() {
    return sources.stream().mapToLong(Source::bytes).sum();
  }

  void useSources(List<Source> sources) {
    this.sources = sources;
  }

  /** The part file whose verified chunks the download's JSON shows (a chunk map for the dashboard). */
  void chunksFrom(PartialShare part) {
    this.part = part;
  }

  /** The chunks the running transfer still has to ask for: with the verified ones, what is not in flight. */
  void wantedFrom(Supplier<BitSet> wanted) {
    this.wanted = wanted;
  }

  void manifestKnown(Manifest manifest) {
    size = manifest.size();
  }

  /** A run starts from a part file that already holds {@code bytes} verified bytes. */
  void resumedFrom(long bytes) {
    resumedBytes = bytes;
    bytesDone = bytes;
  }

  void chunkWritten(int length) {
    bytesDone += length;
    speed.add(length);
  }

  /**
   * What went wrong with the sources, for an error message: the first {@link #NAMED_SOURCES} by name, then how many
   * more (behind hundreds of dead sources, a message must stay readable).
   */
  String sourceErrors() {
    List<String> errors = sources.stream().filter(s -> s.error() != null).map(s -> s.name + ": " + s.error())
        .toList();
    if (errors.isEmpty()) {
      return "no answer";
    }
    String named = String.join("; ", errors.subList(0, Math.min(NAMED_SOURCES, errors.size())));
    return errors.size() <= NAMED_SOURCES ? named : named + "; and " + (errors.size() - NAMED_SOURCES) + " more";
  }

  JsonArray sourcesJson() {
    JsonArray list = new JsonArray();
    sources.forEach(s -> list.add(s.toJson()));
    return list;
  }

  /** The manifest's chunk count, once the part file is open; else null. */
  Integer chunkCount() {
    return part == null ? null : part.manifest().chunkCount();
  }

  /** The verified chunks as base64 of a bit set, once the part file is open; else null. */
  String chunks() {
    return part == null ? null : PeerWire.bits(part.have());
  }

  /** Chunks asked of a source and not yet verified (neither still wanted nor done), as {@link #chunks}. */
  String inFlight() {
    if (part == null) {
      return null;
    }
    BitSet flying = new BitSet();
    BitSet stillWanted = wanted == null ? null : wanted.get();
    if (stillWanted != null) {
      flying.set(0, part.manifest().chunkCount());
      flying.andNot(stillWanted);
      flying.andNot(part.have());
    }
    return PeerWire.bits(flying);
  }

  /** How many of the sources offer each chunk, one byte a chunk (at most 255), base64; null before the part file. */
  String availability() {
    if (part == null) {
      return null;
    }
    byte[] counts = new byte[part.manifest().chunkCount()];
    for (Source source : sources) {
      BitSet offered = source.usable() ? source.offered() : null;
      if (offered == null) {
        continue;
      }
      // Only the chunks it offers: a source with few (a super-seeder's allotment) costs few steps.
      for (int i = offered.nextSetBit(0); i >= 0 && i < counts.length; i = offered.nextSetBit(i + 1)) {
        if (counts[i] != (byte) 255) {
          counts[i]++;
        }
      }
    }
    return Base64.getEncoder().encodeToString(counts);
  }
}
