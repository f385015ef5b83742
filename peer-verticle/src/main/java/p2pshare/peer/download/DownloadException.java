package p2pshare.peer.download;

import io.vertx.core.json.JsonObject;

/**
 * Why a download cannot start or go on, in the download's own words: the message is what the API and the dashboard
 * show, the {@link Reason} is what callers decide on. Nothing here knows about HTTP; the peer verticle's event-bus
 * edge turns a reason into a status ({@code p2pshare.peer.PeerBus#failure(Throwable)}).
 */
public final class DownloadException extends RuntimeException {

  /** What went wrong. Whether a running download waits and tries again follows from it. */
  public enum Reason {
    /** The request names no file, names it twice, or names it badly. */
    BAD_REQUEST,
    /** The network has no file of that name or fileId. */
    UNKNOWN_FILE,
    /** Several different files carry the name; the details list them as {@code candidates}. */
    AMBIGUOUS_NAME,
    /** This node already has (shares) the file. */
    ALREADY_HAVE,
    /** No download has that id. */
    NO_SUCH_DOWNLOAD,
    /** The download is already completed, failed or cancelled. */
    ALREADY_FINISHED,
    /** The tracker cannot be reached, does not answer in time, or cannot answer right now. */
    TRACKER_UNAVAILABLE,
    /** The sources could not deliver: none left, none answering, or only bad chunks. */
    NO_SOURCE,
    /** The download folder's disk has no room for what is still missing. */
    NO_SPACE,
    /** The part file or its record could not be written, or the assembled file failed its final check. */
    STORAGE,
    /**
     * The file is complete and verified, but the download folder would not take it (not writable, gone, no free
     * name). Unlike any other failure, the verified chunks stay in the part file: a retry publishes them.
     */
    PUBLISH;

    /**
     * True for the problems of sources and of the tracker, which go away by themselves: the download keeps its part
     * file, waits and asks the tracker again. The tracker forgets a file when its last source leaves, so for a
     * download under way an unknown file is a missing source too. Anything else ends the download.
     */
    public boolean retryable() {
      return this == NO_SOURCE || this == TRACKER_UNAVAILABLE || this == UNKNOWN_FILE;
    }
  }

  private final Reason reason;
  private final JsonObject details;

  public DownloadException(Reason reason, String message) {
    this(reason, message, new JsonObject());
  }

  /** @param details facts that help the asker choose again, such as the {@code candidates} of an ambiguous name */
  public DownloadException(Reason reason, String message, JsonObject details) {
    super(message, null, false, false);
    this.reason = reason;
    this.details = details.copy();
  }

  /** The sources failed this download; it waits for better ones. */
  static DownloadException noSource(String message) {
    return new DownloadException(Reason.NO_SOURCE, message);
  }

  public Reason reason() {
    return reason;
  }

  public boolean retryable() {
    return reason.retryable();
  }

  /** A copy of the details; empty when there are none. */
  public JsonObject details() {
    return details.copy();
  }
}
