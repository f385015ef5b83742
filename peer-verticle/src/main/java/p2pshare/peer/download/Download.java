package p2pshare.peer.download;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * A download as the API shows it: an immutable snapshot of its job, taken on the engine's event loop, safe to read
 * and serialise anywhere afterwards. docs/protocol.md ("Peer node event bus") defines its JSON.
 */
public final class Download {
  /** The states the API shows. A job that is starting shows as {@link #RUNNING}. */
  public enum State {
    QUEUED, RUNNING, WAITING, PAUSED, COMPLETED, FAILED, CANCELLED;

    public boolean finished() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public String label() {
      return name().toLowerCase();
    }
  }

  private final String id;
  private final String fileId;
  private final String name;
  private final long size;
  private final State state;
  private final long bytesDone;
  private final long bytesPerSecond;
  private final String error;
  private final Path path;
  private final long createdAt;
  private final long finishedAt;
  private final long resumedBytes;
  private final long bytesFetched;
  private final long retryAt;
  private final JsonArray sources;
  private final Integer chunkCount;
  private final String chunks;
  private final String inFlight;
  private final String availability;

  private Download(DownloadJob job) {
    DownloadProgress progress = job.progress();
    this.id = progress.id;
    this.fileId = progress.fileId;
    this.name = progress.name;
    this.size = progress.size();
    this.state = job.state().shown();
    this.bytesDone = progress.bytesDone();
    this.bytesPerSecond = state == State.RUNNING ? progress.bytesPerSecond() : 0L;
    this.error = job.error();
    this.path = job.path();
    this.createdAt = progress.createdAt;
    this.finishedAt = job.finishedAt();
    this.resumedBytes = progress.resumedBytes();
    this.bytesFetched = progress.bytesFetched();
    this.retryAt = job.retryAt();
    this.sources = progress.sourcesJson();
    this.chunkCount = progress.chunkCount();
    this.chunks = progress.chunks();
    boolean running = state == State.RUNNING;
    this.inFlight = running ? progress.inFlight() : null;
    this.availability = running ? progress.availability() : null;
  }

  /** The job's download as it is now. */
  static Download of(DownloadJob job) {
    return new Download(job);
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

  public long size() {
    return size;
  }

  public State state() {
    return state;
  }

  public long bytesDone() {
    return bytesDone;
  }

  /** Why it failed or what it waits for; null otherwise. */
  public String error() {
    return error;
  }

  /** Set once completed. */
  public Path path() {
    return path;
  }

  public long createdAt() {
    return createdAt;
  }

  /** Bytes fetched from sources in this run (not counting what a resume found already done). */
  public long bytesFetched() {
    return bytesFetched;
  }

  /** When a waiting download asks the tracker again, epoch milliseconds; 0 when it does not wait. */
  public long retryAt() {
    return retryAt;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("fileId", fileId)
        .put("name", name)
        .put("size", size)
        .put("state", state.label())
        .put("bytesDone", bytesDone)
        .put("bytesPerSecond", bytesPerSecond)
        .put("error", error)
        .put("path", path == null ? null : path.toString())
        .put("createdAt", createdAt)
        .put("finishedAt", finishedAt == 0 ? null : finishedAt)
        .put("resumedBytes", resumedBytes)
        .put("bytesFetched", bytesFetched)
        .put("retryAt", retryAt == 0 ? null : retryAt)
        .put("sources", sources.copy())
        .put("chunkCount", chunkCount)
        .put("chunks", chunks)
        .put("inFlight", inFlight)
        .put("availability", availability);
  }
}
