package p2pshare.tracker.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import p2pshare.protocol.Frames;

/**
 * The cheap check every answer gets: its framing, type and id, read from its first bytes without parsing the rest.
 *
 * <p>The tracker writes a reply as {@code {"type":T,"id":N, ...}} (docs/protocol.md; {@code TrackerReplyCodec}).
 * An answer passes when its frame is a JSON frame whose body is {@code {...}} (first byte {@code {}, last
 * {@code }}), that starts with {@code {"type":"<expected>","id":<the request's id>} followed by {@code ,} or
 * {@code }}. An answer that does not start so (an {@code error} reply, another type, another id, or a reply whose
 * members come in another order) fails this check, and the generator then parses it whole ({@link ReplyCheck} for
 * lookups), which tells a reply in another order from a wrong one and names what is wrong. Immutable; any thread.
 */
final class ReplyHead {
  private final String type;
  private final byte[] head;

  ReplyHead(String type) {
    this.type = type;
    this.head = ("{\"type\":\"" + type + "\",\"id\":").getBytes(StandardCharsets.UTF_8);
  }

  String type() {
    return type;
  }

  /**
   * Checks a lookup answer to request {@code id}: by its head only when that is right and {@code whole} is false;
   * parsed whole ({@link ReplyCheck}, for {@code sources} or {@code files}) otherwise.
   */
  ReplyCheck check(Buffer body, long id, boolean whole) {
    return !whole && matches(body, id) ? ReplyCheck.headOnly() : ReplyCheck.check(body, id, type);
  }

  /** True when {@code body} (kind byte first; null for no answer) is a JSON object starting as above. */
  boolean matches(Buffer body, long id) {
    if (body == null) {
      return false;
    }
    int length = body.length();
    if (length < 1 + head.length + 2 || body.getByte(0) != Frames.JSON || body.getByte(length - 1) != '}') {
      return false;
    }
    for (int i = 0; i < head.length; i++) {
      if (body.getByte(1 + i) != head[i]) {
        return false;
      }
    }
    int at = 1 + head.length;
    long seen = 0;
    int digits = 0;
    byte b;
    while (at < length && (b = body.getByte(at)) >= '0' && b <= '9') {
      if (digits++ == 19) {
        return false; // longer than any id this generator gives
      }
      seen = seen * 10 + (b - '0');
      at++;
    }
    if (digits == 0 || seen != id || (digits > 1 && body.getByte(1 + head.length) == '0') || at >= length) {
      return false;
    }
    byte after = body.getByte(at);
    return after == ',' || after == '}';
  }
}
