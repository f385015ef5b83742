package p2pshare.protocol.tracker;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import p2pshare.protocol.ErrorCode;

/**
 * The tracker's replies (docs/protocol.md, "Tracker protocol"), one record per type; the id of the request each
 * answers is given when it is written ({@link TrackerCodec#frame(long, TrackerReply)}). Rows the registry builds
 * (search rows, peer listings, the tracker's own description) stay JSON: the tracker forwards them as they are.
 */
public sealed interface TrackerReply {
  String type();

  /**
   * The answer to a join: the peer's id, the secret to claim it again, how often to heartbeat ({@code
   * heartbeatMillis}, sent as {@code heartbeatSeconds}; 0 from a tracker of version 2, which does not say), after how
   * long a silent peer expires, which tracker answered, and the address the tracker sees the peer's connection from
   * ({@code observedHost}; null from a tracker of version 3 or older), and why it will not dial the peer back
   * ({@code noProbe}; null when a {@code reachability} event follows, or from a tracker of version 3 or older).
   */
  record Joined(String peerId, String secret, long heartbeatMillis, int peerTimeoutSeconds, JsonObject tracker,
      String observedHost, String noProbe) implements TrackerReply {
    public static final String TYPE = "joined";

    @Override
    public String type() {
      return TYPE;
    }
  }

  record Ok() implements TrackerReply {
    public static final String TYPE = "ok";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A page of search rows; {@code total} null when it was not counted. */
  record Files(JsonArray files, boolean more, Integer total) implements TrackerReply {
    public static final String TYPE = "files";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A sources answer, as the encoded JSON object of its members ({@code fileId, name, size, peers, candidates}): each
   * offer's JSON is encoded once by the registry and spliced into the frame, never parsed or built again.
   */
  record Sources(Buffer members) implements TrackerReply {
    public static final String TYPE = "sources";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A page of live peers ({@code {id, name, host, port, files, lastSeen}} each) and how many are live. */
  record Peers(JsonArray peers, int total) implements TrackerReply {
    public static final String TYPE = "peers";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A refusal, in the tracker's words. */
  record Error(ErrorCode code, String message) implements TrackerReply {
    public static final String TYPE = "error";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * A {@code reverse} was passed on: the source will connect to the asker's chunk port within {@code seconds} and
   * present {@code token} first.
   */
  record Reversing(String token, int seconds) implements TrackerReply {
    public static final String TYPE = "reversing";

    @Override
    public String type() {
      return TYPE;
    }
  }
}
