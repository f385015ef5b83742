package p2pshare.peer.download;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a file name that came from the network into one that is safe to create inside the download folder, on this
 * platform and on the others a downloaded file may be copied to: a single path element; no separators, control or
 * format characters, characters Windows forbids, lone surrogates (invalid UTF-16), noncharacters, or characters the
 * file-name encoding of this JVM ({@code sun.jnu.encoding}) cannot hold; no leading dots (hidden files, "." and
 * "..") and no trailing dots or spaces; not a reserved device name (CON, NUL, COM1, LPT1 ... with any extension);
 * at most 255 bytes in UTF-8 and in the file-name encoding. Whatever cannot be kept becomes {@code _}, and a name
 * that is empty, reserved or still refused by {@link Path#of} gets one derived from the fileId.
 */
public final class FileNames {
  private static final int MAX_BYTES = 255;
  private static final Set<String> RESERVED = reserved();
  /** What this JVM encodes file names with: a name it cannot encode fails or is mangled on the way to the disk. */
  private static final Charset NAME_CHARSET = nameCharset();

  private FileNames() {
  }

  public static String sanitize(String name, String fileId) {
    return sanitize(name, fileId, NAME_CHARSET);
  }

  /** {@link #sanitize(String, String)} for a file system whose names are in {@code charset}. */
  static String sanitize(String name, String fileId, Charset charset) {
    CharsetEncoder encoder = charset.newEncoder();
    String clean = trimEnds(truncate(trimEnds(replaceBad(name == null ? "" : name, encoder)), charset));
    if (clean.isEmpty() || isReserved(clean)) {
      clean = trimEnds(truncate(fallback(fileId) + (clean.isEmpty() ? "" : "-" + clean), charset));
    }
    return accepted(clean) ? clean : fallback(fileId);
  }

  /** The name of last resort: {@code file-} and the first 12 digits of the fileId, which every file system takes. */
  public static String fallback(String fileId) {
    return "file-" + fileId.substring(0, 12);
  }

  /** The name with " (n)" before its extension, for a name that is taken. */
  public static String numbered(String name, int n) {
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    String suffix = " (" + n + ")" + ext;
    return truncate(stem, MAX_BYTES - bytes(suffix, NAME_CHARSET), NAME_CHARSET) + suffix;
  }

  private static String replaceBad(String name, CharsetEncoder encoder) {
    StringBuilder clean = new StringBuilder(name.length());
    name.codePoints().forEach(cp -> clean.appendCodePoint(bad(cp, encoder) ? '_' : cp));
    return clean.toString();
  }

  private static boolean bad(int cp, CharsetEncoder encoder) {
    int type = Character.getType(cp);
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || "/\\:*?\"<>|".indexOf(cp) >= 0
        || type == Character.FORMAT || type == Character.SURROGATE // a surrogate here is one without its pair
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe // noncharacters
        || !encoder.canEncode(new String(Character.toChars(cp)));
  }

  /** Without leading dots and spaces (hidden files, "." and "..") and trailing ones (Windows drops those). */
  private static String trimEnds(String name) {
    int start = 0;
    int end = name.length();
    while (start < end && (name.charAt(start) == '.' || blank(name.charAt(start)))) {
      start++;
    }
    while (end > start && (name.charAt(end - 1) == '.' || blank(name.charAt(end - 1)))) {
      end--;
    }
    return name.substring(start, end);
  }

  private static boolean blank(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** A device name on Windows, whatever follows its first dot: "CON", "nul.txt", "Com1 .tar.gz". */
  private static boolean isReserved(String name) {
    int dot = name.indexOf('.');
    String stem = (dot < 0 ? name : name.substring(0, dot)).stripTrailing();
    return RESERVED.contains(stem.toLowerCase(Locale.ROOT));
  }

  /** One plain path element, as this platform's file system paths take it. */
  private static boolean accepted(String name) {
    try {
      Path path = Path.of(name);
      return path.getNameCount() == 1 && name.equals(path.getFileName().toString()) && !isReserved(name)
          && !name.isEmpty();
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static String truncate(String name, Charset charset) {
    if (bytes(name, charset) <= MAX_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
    return truncate(name.substring(0, name.length() - ext.length()), MAX_BYTES - bytes(ext, charset), charset)
        + ext;
  }

  /** The longest start of {@code text} within {@code maxBytes}, never cutting a character in two. */
  private static String truncate(String text, int maxBytes, Charset charset) {
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = bytes(new String(Character.toChars(cp)), charset);
      if (used + size > maxBytes) {
        break;
      }
      out.appendCodePoint(cp);
      used += size;
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** Bytes of {@code text} on disk: in UTF-8 or the file-name encoding, whichever takes more. */
  private static int bytes(String text, Charset charset) {
    return Math.max(text.getBytes(StandardCharsets.UTF_8).length, text.getBytes(charset).length);
  }

  private static Set<String> reserved() {
    Set<String> names = new java.util.HashSet<>(Set.of("con", "prn", "aux", "nul", "conin$", "conout$", "clock$"));
    for (String port : new String[] {"com", "lpt"}) {
      for (char digit : "0123456789\u00b9\u00b2\u00b3".toCharArray()) {
        names.add(port + digit);
      }
    }
    return Set.copyOf(names);
  }

  private static Charset nameCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }
}
