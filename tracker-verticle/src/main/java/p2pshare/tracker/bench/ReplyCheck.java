package p2pshare.tracker.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import p2pshare.protocol.Frames;

/**
 * Checks a lookup reply by streaming over its JSON once, without building objects, so that checking every answer
 * stays cheap: a {@code sources} reply needs its id, a non-empty {@code peers} list whose entries all have a string
 * {@code peerId} and {@code host}, an integer {@code port} and {@code size} and a boolean {@code partial}, and a
 * non-empty {@code candidates} list; a {@code files} reply its id, a non-empty {@code files} list whose rows all have
 * {@code fileId}, {@code name}, {@code size}, {@code sources}, {@code partialSources}, and a boolean {@code more}.
 */
final class ReplyCheck {
  private static final JsonFactory JSON = new JsonFactory();

  /** What was wrong, or null; {@link #count} then holds the number of peers or rows. */
  String problem;
  int count;
  /** False when only the reply's head was checked ({@link ReplyHead#check}): {@link #count} is unknown then. */
  boolean parsed = true;

  private ReplyCheck() {
  }

  /** The outcome of an answer whose head was right and that was not parsed. */
  static ReplyCheck headOnly() {
    ReplyCheck check = new ReplyCheck();
    check.parsed = false;
    return check;
  }

  /** Checks a reply body (kind byte first) to request {@code id} of the type {@code expected}. */
  static ReplyCheck check(Buffer body, long id, String expected) {
    ReplyCheck check = new ReplyCheck();
    if (body == null) {
      check.problem = "no reply: the connection closed";
      return check;
    }
    if (body.length() < 2 || body.getByte(0) != Frames.JSON) {
      check.problem = "not a JSON frame";
      return check;
    }
    byte[] bytes = body.getBytes();
    try (JsonParser parser = JSON.createParser(bytes, 1, bytes.length - 1)) {
      check.problem = check.read(parser, id, expected);
    } catch (IOException | RuntimeException e) {
      check.problem = "unreadable: " + e.getMessage();
    }
    if (check.problem != null) {
      check.problem += ": " + new String(bytes, 1, Math.min(bytes.length - 1, 300),
          java.nio.charset.StandardCharsets.UTF_8);
    }
    return check;
  }

  private String read(JsonParser parser, long id, String expected) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return "not an object";
    }
    String type = null;
    boolean idSeen = false;
    boolean listSeen = false;
    boolean extraSeen = false;
    String list = expected.equals("sources") ? "peers" : "files";
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("type")) {
        type = parser.getText();
      } else if (field.equals("id")) {
        idSeen = value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() == id;
      } else if (field.equals(list)) {
        String bad = entries(parser, value, list.equals("peers"));
        if (bad != null) {
          return bad;
        }
        listSeen = true;
      } else if (field.equals("candidates") && list.equals("peers")) {
        extraSeen = value == JsonToken.START_ARRAY && parser.nextToken() == JsonToken.START_OBJECT;
        if (extraSeen) {
          parser.skipChildren();
          skipRest(parser);
        } else {
          return "no candidates";
        }
      } else if (field.equals("more") && list.equals("files")) {
        extraSeen = value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE;
      } else {
        parser.skipChildren();
      }
    }
    if (!expected.equals(type)) {
      return "type " + type + ", expected " + expected;
    }
    if (!idSeen) {
      return "wrong or missing id, expected " + id;
    }
    return !listSeen ? "no " + list : !extraSeen ? "no " + (list.equals("peers") ? "candidates" : "more") : null;
  }

  /** Checks the entries of a non-empty list of objects and counts them. */
  private String entries(JsonParser parser, JsonToken start, boolean peers) throws IOException {
    if (start != JsonToken.START_ARRAY) {
      return "the list is not a list";
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      int seen = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        seen |= peers ? peerField(field, value) : rowField(field, value);
        parser.skipChildren();
      }
      if (seen != 0b11111) {
        return "entry " + count + " lacks a field or has one of the wrong type";
      }
      count++;
    }
    return count == 0 ? "an empty list" : null;
  }

  private static int peerField(String field, JsonToken value) {
    return switch (field) {
      case "peerId" -> value == JsonToken.VALUE_STRING ? 1 : 0;
      case "host" -> value == JsonToken.VALUE_STRING ? 2 : 0;
      case "port" -> value == JsonToken.VALUE_NUMBER_INT ? 4 : 0;
      case "partial" -> value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE ? 8 : 0;
      case "size" -> value == JsonToken.VALUE_NUMBER_INT ? 16 : 0;
      default -> 0;
    };
  }

  private static int rowField(String field, JsonToken value) {
    return switch (field) {
      case "fileId" -> value == JsonToken.VALUE_STRING ? 1 : 0;
      case "name" -> value == JsonToken.VALUE_STRING ? 2 : 0;
      case "size" -> value == JsonToken.VALUE_NUMBER_INT ? 4 : 0;
      case "sources" -> value == JsonToken.VALUE_NUMBER_INT ? 8 : 0;
      case "partialSources" -> value == JsonToken.VALUE_NUMBER_INT ? 16 : 0;
      default -> 0;
    };
  }

  private static void skipRest(JsonParser parser) throws IOException {
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      parser.skipChildren();
    }
  }
}
