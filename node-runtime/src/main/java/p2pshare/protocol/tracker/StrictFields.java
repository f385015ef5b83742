package p2pshare.protocol.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

/**
 * Strict, typed reads of a tracker request's fields, for {@link TrackerCodec}. Anything missing or of the wrong type
 * or range is a {@code bad-request}; a list longer than allowed is a {@code limit} error. Nothing is coerced:
 * {@code "7"} is not a number and {@code 1.0} is not an integer.
 */
final class StrictFields {
  static final int MAX_NAME_BYTES = 255;
  private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{64}");
  /** A peerId as trackers make them, claimed again by a peer that joins again. */
  private static final Pattern PEER_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern SECRET = Pattern.compile("[0-9a-f]{32}");

  private final JsonObject message;

  StrictFields(JsonObject message) {
    this.message = message;
  }

  String string(String key) throws ProtocolException {
    Object value = message.getValue(key);
    if (value instanceof String s) {
      return s;
    }
    throw bad(key + " must be a string");
  }

  String optionalString(String key, String fallback) throws ProtocolException {
    return message.getValue(key) == null ? fallback : string(key);
  }

  boolean optionalBoolean(String key, boolean fallback) throws ProtocolException {
    Object value = message.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw bad(key + " must be true or false");
  }

  long integer(String key, long min, long max) throws ProtocolException {
    return integerValue(key, message.getValue(key), min, max);
  }

  long optionalInteger(String key, long fallback, long min, long max) throws ProtocolException {
    return message.getValue(key) == null ? fallback : integer(key, min, max);
  }

  /** A {@code limit} field: absent means {@code max}, larger values are capped to {@code max}, below 1 is bad. */
  int limit(int max) throws ProtocolException {
    return limit(max, max);
  }

  /** {@code limit}, at most {@code max}; {@code absent} when the request does not give one. */
  int limit(int max, int absent) throws ProtocolException {
    Object value = message.getValue("limit");
    return value == null ? absent : (int) Math.min(max, integerValue("limit", value, 1, Long.MAX_VALUE));
  }

  /** A file or peer name: non-empty, at most 255 UTF-8 bytes. */
  String name(String key) throws ProtocolException {
    String name = string(key);
    if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw bad(key + " must be 1.." + MAX_NAME_BYTES + " UTF-8 bytes");
    }
    return name;
  }

  /** An optional {@code peerId} a peer claims again, or null; it must come with its {@code secret}. */
  String claimedPeerId() throws ProtocolException {
    String peerId = optionalString("peerId", null);
    if (peerId == null) {
      return null;
    }
    if (!PEER_ID.matcher(peerId).matches()) {
      throw bad("peerId must be one a tracker gave (a lower-case UUID)");
    }
    if (!SECRET.matcher(optionalString("secret", "")).matches()) {
      throw bad("a join that claims a peerId must give its secret (32 hex digits)");
    }
    return peerId;
  }

  String fileId(String key) throws ProtocolException {
    return checkFileId(key, message.getValue(key));
  }

  JsonArray array(String key, int maxSize) throws ProtocolException {
    Object value = message.getValue(key);
    if (!(value instanceof JsonArray array)) {
      throw bad(key + " must be a list");
    }
    if (array.size() > maxSize) {
      throw ProtocolException.refusal(ErrorCode.LIMIT, key + " has " + array.size() + " entries, at most " + maxSize);
    }
    return array;
  }

  JsonArray optionalArray(String key, int maxSize) throws ProtocolException {
    return message.getValue(key) == null ? new JsonArray() : array(key, maxSize);
  }

  /** File entries, one per fileId: a fileId listed twice keeps its last entry, at the place of its first. */
  static List<FileEntry> fileEntries(String key, JsonArray items) throws ProtocolException {
    Map<String, FileEntry> files = new LinkedHashMap<>();
    for (Object item : items) {
      FileEntry file = fileEntry(key, item);
      files.put(file.fileId(), file);
    }
    return new ArrayList<>(files.values());
  }

  FileEntry fileEntry(String key) throws ProtocolException {
    return fileEntry(key, message.getValue(key));
  }

  List<String> fileIds(String key, int maxSize) throws ProtocolException {
    List<String> ids = new ArrayList<>();
    for (Object item : optionalArray(key, maxSize)) {
      ids.add(checkFileId(key + "[]", item));
    }
    return ids;
  }

  /**
   * A file entry: {@code {fileId, name, size}}, optionally {@code partial} (absent means complete) and
   * {@code chunks} (absent means 0). {@code chunks} is checked even when it is ignored, on a complete entry.
   */
  private static FileEntry fileEntry(String key, Object item) throws ProtocolException {
    if (!(item instanceof JsonObject object)) {
      throw bad(key + " must hold file entries {fileId, name, size}");
    }
    StrictFields entry = new StrictFields(object);
    // A tracker keeps every offer's fileId and name for as long as the peer is live, and most are offered by many
    // peers: one copy of each (interned strings are collected once nobody holds them) instead of one per offer.
    return new FileEntry(entry.fileId("fileId").intern(), entry.name("name").intern(),
        entry.integer("size", 0, Long.MAX_VALUE), entry.optionalBoolean("partial", false),
        (int) entry.optionalInteger("chunks", 0, 0, Integer.MAX_VALUE));
  }

  private static String checkFileId(String key, Object value) throws ProtocolException {
    if (value instanceof String s && FILE_ID.matcher(s).matches()) {
      return s;
    }
    throw bad(key + " must be 64 lowercase hex digits");
  }

  private static long integerValue(String key, Object value, long min, long max) throws ProtocolException {
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      if (n >= min && n <= max) {
        return n;
      }
    } else if (!(value instanceof BigInteger)) {
      throw bad(key + " must be an integer");
    }
    throw bad(key + " must be " + min + ".." + max);
  }

  private static ProtocolException bad(String message) {
    return ProtocolException.refusal(ErrorCode.BAD_REQUEST, message);
  }
}
