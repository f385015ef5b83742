package p2pshare.peer.download;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a file name that came from the network into one that is safe to create inside the download folder: a
 * single path element, no separators, no control characters, not "." or "..", not a reserved device name, at most
 * 255 UTF-8 bytes. What cannot be saved falls back to a name derived from the fileId.
 */
public final class FileNames {
  private static final int MAX_BYTES = 255;
  private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
      "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private FileNames() {
  }

  public static String sanitize(String name, String fileId) {
    StringBuilder clean = new StringBuilder();
    if (name != null) {
      name.codePoints().forEach(cp -> {
        boolean bad = cp < 0x20 || cp == 0x7f || cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?'
            || cp == '"' || cp == '<' || cp == '>' || cp == '|' || (cp >= 0x80 && cp < 0xa0)
            || Character.getType(cp) == Character.FORMAT;
        clean.appendCodePoint(bad ? '_' : cp);
      });
    }
    String result = clean.toString().strip();
    while (result.startsWith(".")) {
      result = result.substring(1); // no hidden files, no "." or ".."
    }
    while (result.endsWith(".")) {
      result = result.substring(0, result.length() - 1);
    }
    String stem = result.contains(".") ? result.substring(0, result.indexOf('.')) : result;
    if (result.isBlank() || RESERVED.contains(stem.toLowerCase(Locale.ROOT))) {
      result = "file-" + fileId.substring(0, 12) + (result.isBlank() ? "" : "-" + result);
    }
    return truncate(result);
  }

  /** The name with " (n)" before its extension, for a name that is taken. */
  public static String numbered(String name, int n) {
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    String suffix = " (" + n + ")" + ext;
    return truncate(stem, MAX_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length) + suffix;
  }

  /**
   * Gives the file {@code from} the name {@code name} in {@code dir}, or {@code name} numbered when that is taken,
   * never replacing an existing file; returns the new path. {@code from} must be in the same file system. Blocking.
   */
  public static Path linkNew(Path from, Path dir, String name) throws IOException {
    for (int n = 0; n < 10_000; n++) {
      Path target = dir.resolve(n == 0 ? name : numbered(name, n));
      try {
        // A hard link fails when the target exists: an atomic "create if absent" that never overwrites.
        Files.createLink(target, from);
        Files.delete(from);
        return target;
      } catch (FileAlreadyExistsException taken) {
        continue;
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (Files.exists(target)) {
          continue;
        }
        Files.move(from, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      }
    }
    throw new IOException("no free name for " + name + " in " + dir);
  }

  private static String truncate(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
    return truncate(name.substring(0, name.length() - ext.length()),
        MAX_BYTES - ext.getBytes(StandardCharsets.UTF_8).length) + ext;
  }

  private static String truncate(String text, int maxBytes) {
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > maxBytes) {
        break;
      }
      out.appendCodePoint(cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
