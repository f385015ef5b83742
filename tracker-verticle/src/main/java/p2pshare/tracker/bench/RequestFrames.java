package p2pshare.tracker.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import p2pshare.protocol.Frames;
import p2pshare.tracker.bench.TrackerLoad.Kind;

/**
 * The generator's requests, encoded once, so that a lookup costs a copy of ready bytes and not a JSON encoding.
 *
 * <p>A request's frame is its <em>head</em>, the JSON text up to and including {@code "id":}, then the id's digits,
 * then {@code }}: the head is all of the request but its id, and the id is the last member. Each head comes from
 * encoding the request as a {@link JsonObject}, once: one head per lookup target and kind of
 * lookup ({@code sources} by fileId, exact and substring {@code search} by name), stored back to back in one array
 * per kind, and one head for {@code heartbeat}. Immutable once built; shared by every event loop.
 */
final class RequestFrames {
  static final byte[] HEARTBEAT = head(new JsonObject().put("type", "heartbeat"));

  /** Per kind: the heads of every file, back to back; a file that is no lookup target has an empty one. */
  private final byte[][] heads = new byte[Kind.values().length][];
  /** Per kind: where file k's head starts; it ends where file k + 1's starts. */
  private final int[][] starts = new int[Kind.values().length][];

  RequestFrames(Workload work) {
    boolean[] target = new boolean[work.fileIds.length];
    for (int k : work.hotTargets) {
      target[k] = true;
    }
    for (int k : work.tailTargets) {
      target[k] = true;
    }
    for (Kind kind : Kind.values()) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      int[] start = new int[work.fileIds.length + 1];
      for (int k = 0; k < work.fileIds.length; k++) {
        start[k] = all.size();
        if (target[k]) {
          all.writeBytes(head(request(kind, work.fileIds[k], Workload.name(k))));
        }
      }
      start[work.fileIds.length] = all.size();
      heads[kind.ordinal()] = all.toByteArray();
      starts[kind.ordinal()] = start;
    }
  }

  /** A lookup of file {@code fileId} named {@code name}, without its id: the members in the order they are sent. */
  static JsonObject request(Kind kind, String fileId, String name) {
    return switch (kind) {
      case SOURCES -> new JsonObject().put("type", "sources").put("fileId", fileId);
      case EXACT -> new JsonObject().put("type", "search").put("exact", true).put("q", name);
      case SUBSTRING -> new JsonObject().put("type", "search").put("q", name);
    };
  }

  /** Sends lookup {@code kind} of file {@code k} (a lookup target) on {@code connection}. */
  void sendLookup(LoadConnection connection, Kind kind, int k, LoadConnection.Answer answer) {
    int[] start = starts[kind.ordinal()];
    connection.send(heads[kind.ordinal()], start[k], start[k + 1] - start[k], answer);
  }

  /** The frame {@link #sendLookup} writes for lookup {@code kind} of file {@code k} when its id is {@code id}. */
  Buffer lookup(Kind kind, int k, long id) {
    int[] start = starts[kind.ordinal()];
    return frame(heads[kind.ordinal()], start[k], start[k + 1] - start[k], id);
  }

  /**
   * The head of {@code request}: its encoding as if an id were added as its last member, cut before the id's digits.
   */
  static byte[] head(JsonObject request) {
    String json = request.encode();
    return (json.substring(0, json.length() - 1) + (request.isEmpty() ? "" : ",") + "\"id\":")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The whole frame of the request whose head is {@code head[offset .. offset + length)} with id {@code id}. */
  static Buffer frame(byte[] head, int offset, int length, long id) {
    int digits = digits(id);
    int body = 1 + length + digits + 1;
    byte[] frame = new byte[4 + body];
    frame[0] = (byte) (body >>> 24);
    frame[1] = (byte) (body >>> 16);
    frame[2] = (byte) (body >>> 8);
    frame[3] = (byte) body;
    frame[4] = Frames.JSON;
    System.arraycopy(head, offset, frame, 5, length);
    int end = 5 + length + digits;
    long rest = id;
    for (int i = end - 1; i >= 5 + length; i--) {
      frame[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    frame[end] = '}';
    return Buffer.buffer(frame);
  }

  /** Decimal digits of a non-negative id. */
  private static int digits(long id) {
    if (id < 0) {
      throw new IllegalArgumentException("negative request id " + id);
    }
    int n = 1;
    for (long rest = id / 10; rest > 0; rest /= 10) {
      n++;
    }
    return n;
  }
}
