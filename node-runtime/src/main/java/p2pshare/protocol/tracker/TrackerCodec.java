package p2pshare.protocol.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

/**
 * Reads and writes the tracker's requests (docs/protocol.md, "Tracker protocol"). Reading is strict, as a tracker
 * must be with what any client sends: a missing field, a field of the wrong type or out of range, or a name too long
 * is a {@code bad-request} refusal; a list longer than the tracker allows is a {@code limit} refusal; an unknown type
 * is {@code unknown-type}. Replies and events are written by {@link TrackerReplyCodec}.
 */
public final class TrackerCodec {
  /** A file or peer name holds at most this many UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = StrictFields.MAX_NAME_BYTES;

  private static final Map<String, Reader> READERS = Map.ofEntries(
      Map.entry(TrackerRequest.Join.TYPE, TrackerCodec::join),
      Map.entry(TrackerRequest.Heartbeat.TYPE, (fields, max) -> new TrackerRequest.Heartbeat()),
      Map.entry(TrackerRequest.Update.TYPE, (fields, max) -> new TrackerRequest.Update(
          StrictFields.fileEntries("add", fields.optionalArray("add", max)), fields.fileIds("remove", max))),
      Map.entry(TrackerRequest.Have.TYPE, (fields, max) -> new TrackerRequest.Have(fields.fileEntry("file"))),
      Map.entry(TrackerRequest.Search.TYPE, TrackerCodec::search),
      Map.entry(TrackerRequest.Sources.TYPE, (fields, max) -> new TrackerRequest.Sources(fields.fileId("fileId"),
          fields.limit(TrackerRequest.MAX_SOURCES, TrackerRequest.DEFAULT_SOURCES))),
      Map.entry(TrackerRequest.Peers.TYPE, (fields, max) -> new TrackerRequest.Peers(
          fields.limit(TrackerRequest.MAX_PEERS))),
      Map.entry(TrackerRequest.Watch.TYPE, (fields, max) -> new TrackerRequest.Watch()),
      Map.entry(TrackerRequest.Subscribe.TYPE, (fields, max) -> new TrackerRequest.Subscribe(
          fields.fileIds("fileIds", max))),
      Map.entry(TrackerRequest.Unsubscribe.TYPE, (fields, max) -> new TrackerRequest.Unsubscribe(
          fields.fileIds("fileIds", max))),
      Map.entry(TrackerRequest.Leave.TYPE, (fields, max) -> new TrackerRequest.Leave()),
      Map.entry(TrackerRequest.Reverse.TYPE, (fields, max) -> new TrackerRequest.Reverse(fields.string("peerId"))));

  private final int maxListSize;

  /** @param maxListSize entries a list in a request may hold ({@code files}, {@code add}, {@code remove}) */
  public TrackerCodec(int maxListSize) {
    this.maxListSize = maxListSize;
  }

  /** The request id, or null if it is missing or not an integer (the error reply then carries no id). */
  public static Long idOf(JsonObject message) {
    Object id = message.getValue("id");
    return id instanceof Integer || id instanceof Long ? ((Number) id).longValue() : null;
  }

  /**
   * The type of a request, checked before anything else in it: the request must have an integer id and a type
   * this tracker knows.
   */
  public static String typeOf(JsonObject message) throws ProtocolException {
    if (idOf(message) == null) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "id must be an integer");
    }
    String type = new StrictFields(message).string("type");
    if (!READERS.containsKey(type)) {
      throw ProtocolException.refusal(ErrorCode.UNKNOWN_TYPE, "unknown message type " + type);
    }
    return type;
  }

  /** Reads a whole request: {@link #typeOf}, then its fields. */
  public TrackerRequest decode(JsonObject message) throws ProtocolException {
    return decode(typeOf(message), message);
  }

  /** Reads the fields of a request whose {@link #typeOf type} is known. */
  public TrackerRequest decode(String type, JsonObject message) throws ProtocolException {
    Reader reader = READERS.get(type);
    if (reader == null) {
      throw ProtocolException.refusal(ErrorCode.UNKNOWN_TYPE, "unknown message type " + type);
    }
    return reader.read(new StrictFields(message), maxListSize);
  }

  /** A request as JSON, without its id (the connection adds it). */
  public static JsonObject encode(TrackerRequest request) {
    JsonObject json = new JsonObject().put("type", request.type());
    if (request instanceof TrackerRequest.Join join) {
      json.put("name", join.name()).put("host", join.host()).put("port", join.port())
          .put("files", entries(join.files()));
      if (join.peerId() != null) {
        json.put("peerId", join.peerId()).put("secret", join.secret());
      }
    } else if (request instanceof TrackerRequest.Update update) {
      json.put("add", entries(update.add())).put("remove", new JsonArray(List.copyOf(update.remove())));
    } else if (request instanceof TrackerRequest.Have have) {
      json.put("file", have.file().toJson());
    } else if (request instanceof TrackerRequest.Search search) {
      json.put("q", search.q()).put("exact", search.exact()).put("limit", search.limit()).put("sort", search.sort());
    } else if (request instanceof TrackerRequest.Sources sources) {
      json.put("fileId", sources.fileId()).put("limit", sources.limit());
    } else if (request instanceof TrackerRequest.Peers peers) {
      json.put("limit", peers.limit());
    } else if (request instanceof TrackerRequest.Subscribe subscribe) {
      json.put("fileIds", new JsonArray(List.copyOf(subscribe.fileIds())));
    } else if (request instanceof TrackerRequest.Unsubscribe unsubscribe) {
      json.put("fileIds", new JsonArray(List.copyOf(unsubscribe.fileIds())));
    } else if (request instanceof TrackerRequest.Reverse reverse) {
      json.put("peerId", reverse.peerId());
    }
    return json;
  }

  private static JsonArray entries(List<FileEntry> files) {
    JsonArray json = new JsonArray();
    files.forEach(file -> json.add(file.toJson()));
    return json;
  }

  private static TrackerRequest join(StrictFields fields, int max) throws ProtocolException {
    String name = fields.name("name");
    String host = fields.name("host");
    int port = (int) fields.integer("port", 1, 65535);
    List<FileEntry> files = StrictFields.fileEntries("files", fields.array("files", max));
    String claimed = fields.claimedPeerId();
    return new TrackerRequest.Join(name, host, port, files, claimed, claimed != null ? fields.string("secret") : null);
  }

  private static TrackerRequest search(StrictFields fields, int max) throws ProtocolException {
    String q = fields.optionalString("q", "");
    boolean exact = fields.optionalBoolean("exact", false);
    int limit = fields.limit(TrackerRequest.MAX_SEARCH);
    String sort = fields.optionalString("sort", TrackerRequest.Search.SORTS.get(0));
    if (!TrackerRequest.Search.SORTS.contains(sort)) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "sort must be one of "
          + String.join(", ", TrackerRequest.Search.SORTS));
    }
    return new TrackerRequest.Search(q, exact, limit, sort);
  }

  /** Reads one type's fields. */
  @FunctionalInterface
  private interface Reader {
    TrackerRequest read(StrictFields fields, int maxListSize) throws ProtocolException;
  }
}
