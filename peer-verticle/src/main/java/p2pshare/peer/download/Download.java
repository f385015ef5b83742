package p2pshare.peer.download;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.PartialShare;
import p2pshare.peer.wire.PeerWire;

/** One download's state and progress, as the API shows it. Changed only on the engine's event loop. */
public final class Download {
  public enum State {
    QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED;

    public boolean finished() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public String label() {
      return name().toLowerCase();
    }
  }

  /** Sources an error message names; the rest are counted. */
  static final int NAMED_SOURCES = 3;
  private final String id;
  private final String fileId;
  private final String name;
  private long size;
  private State state = State.QUEUED;
  private long bytesDone;
  private String error;
  private Path path;
  private List<Source> sources = List.of();
  private PartialShare part;
  private Supplier<BitSet> wanted;
  private final SpeedMeter speed = new SpeedMeter();
  private final long createdAt;
  private long finishedAt;
  private long resumedBytes;
  private long retryAt;

  Download(String id, String fileId, String name, long size) {
    this(id, fileId, name, size, System.currentTimeMillis());
  }

  Download(String id, String fileId, String name, long size, long createdAt) {
    this.id = id;
    this.fileId = fileId;
    this.name = name;
    this.size = size;
    this.createdAt = createdAt;
  }

  public long size() {
    return size;
  }

  public long createdAt() {
    return createdAt;
  }

  /** Bytes fetched from sources in this run (not counting what a resume found already done). */
  public long bytesFetched() {
    return sources.stream().mapToLong(Source::bytes).sum();
  }

  public String id() {
    return id;
  }

  public String fileId() {
    return fileId;
  }

  public String name() {
    return name;
  }

  public State state() {
    return state;
  }

  public long bytesDone() {
    return bytesDone;
  }

  public Path path() {
    return path;
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
    error = null;
    retryAt = 0;
  }

  /** No source could go on: the engine asks the tracker again at {@code retryAt}. */
  void waiting(String why, long retryAt) {
    this.error = why;
    this.retryAt = retryAt;
  }

  void chunkWritten(int length) {
    bytesDone += length;
    speed.add(length);
  }

  void running() {
    state = State.RUNNING;
    if (retryAt == 0) {
      error = null;
    }
  }

  /** Stopped on request: no transfer and no retry until it is resumed. */
  void paused() {
    state = State.PAUSED;
    error = null;
    retryAt = 0;
  }

  /** Resumed: it waits for a free slot. */
  void queued() {
    state = State.QUEUED;
  }

  void completed(Path path) {
    this.path = path;
    finish(State.COMPLETED, null);
  }

  void failed(String error) {
    finish(State.FAILED, error);
  }

  void cancelled() {
    finish(State.CANCELLED, null);
  }

  private void finish(State state, String error) {
    this.state = state;
    this.error = error;
    this.finishedAt = System.currentTimeMillis();
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

  public JsonObject toJson() {
    JsonArray sourceList = new JsonArray();
    sources.forEach(s -> sourceList.add(s.toJson()));
    return new JsonObject()
        .put("id", id)
        .put("fileId", fileId)
        .put("name", name)
        .put("size", size)
        .put("state", state.label())
        .put("bytesDone", bytesDone)
        .put("bytesPerSecond", state == State.RUNNING ? speed.bytesPerSecond() : 0L)
        .put("error", error)
        .put("path", path == null ? null : path.toString())
        .put("createdAt", createdAt)
        .put("finishedAt", finishedAt == 0 ? null : finishedAt)
        .put("resumedBytes", resumedBytes)
        .put("bytesFetched", bytesFetched())
        .put("retryAt", retryAt == 0 ? null : retryAt)
        .put("sources", sourceList)
        .put("chunkCount", part == null ? null : part.manifest().chunkCount())
        .put("chunks", part == null ? null : PeerWire.bits(part.have()))
        .put("inFlight", part == null || state != State.RUNNING ? null : PeerWire.bits(inFlight()))
        .put("availability", part == null || state != State.RUNNING ? null : availability());
  }

  /** Chunks asked of a source and not yet verified: neither still wanted nor done. */
  private BitSet inFlight() {
    BitSet flying = new BitSet();
    BitSet stillWanted = wanted == null ? null : wanted.get();
    if (stillWanted != null) {
      flying.set(0, part.manifest().chunkCount());
      flying.andNot(stillWanted);
      flying.andNot(part.have());
    }
    return flying;
  }

  /** How many of the sources offer each chunk, one byte a chunk (at most 255), base64. */
  private String availability() {
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
