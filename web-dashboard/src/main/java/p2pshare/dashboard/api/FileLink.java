package p2pshare.dashboard.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A link to a file in the network: {@code p2pshare:<fileId>?name=<name>&size=<bytes>}, the name percent-encoded
 * UTF-8. Only the fileId is needed to download; name and size tell a person what the link is and may be left out.
 * The page makes these links; {@code POST /api/downloads} takes one as {@code {"link": …}}.
 */
public record FileLink(String fileId, String name, Long size) {
  public static final String SCHEME = "p2pshare:";
  private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{64}");

  /**
   * Reads a link, ignoring surrounding blanks, the case of the scheme and of the fileId, and parameters it does not
   * know.
   *
   * @throws ApiError 400 saying what is wrong
   */
  public static FileLink parse(String text) {
    String link = text.strip();
    if (!link.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw ApiError.badRequest("link must start with " + SCHEME);
    }
    String rest = link.substring(SCHEME.length());
    int query = rest.indexOf('?');
    String fileId = (query < 0 ? rest : rest.substring(0, query)).toLowerCase(Locale.ROOT);
    if (!FILE_ID.matcher(fileId).matches()) {
      throw ApiError.badRequest("the link's fileId must be 64 hex digits");
    }
    String name = null;
    Long size = null;
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        int eq = parameter.indexOf('=');
        String key = eq < 0 ? parameter : parameter.substring(0, eq);
        String value = eq < 0 ? "" : decode(parameter.substring(eq + 1));
        if (key.equals("name")) {
          name = value;
        } else if (key.equals("size")) {
          size = size(value);
        }
      }
    }
    return new FileLink(fileId, name, size);
  }

  /** Percent-decoding that refuses what does not decode to UTF-8, rather than putting U+FFFD in its place. */
  private static String decode(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); ) {
      char c = value.charAt(i);
      if (c == '%') {
        int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
        if (low < 0) {
          throw badEncoding();
        }
        bytes.write(high * 16 + low);
        i += 3;
      } else {
        int end = i + Character.charCount(value.codePointAt(i));
        bytes.writeBytes((c == '+' ? " " : value.substring(i, end)).getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw badEncoding();
    }
  }

  private static ApiError badEncoding() {
    return ApiError.badRequest("the link has a badly percent-encoded parameter");
  }

  private static Long size(String value) {
    try {
      long size = Long.parseLong(value);
      if (size >= 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiError.badRequest("the link's size must be a whole number of bytes");
  }
}
