package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileNamesTest {
  private static final String ID = "ab".repeat(32);

  private static void assertSafe(String name) {
    String clean = FileNames.sanitize(name, ID);
    assertFalse(clean.isEmpty());
    assertFalse(clean.contains("/") || clean.contains("\\") || clean.contains("\0"), clean);
    assertFalse(clean.startsWith("."), clean);
    assertTrue(clean.getBytes(StandardCharsets.UTF_8).length <= 255, clean);
    Path root = Path.of("/downloads");
    Path target = root.resolve(clean).normalize();
    assertEquals(root, target.getParent(), "stays directly inside the folder: " + clean);
  }

  @Test
  void ordinaryNamesAreKept() {
    assertEquals("holiday photos.zip", FileNames.sanitize("holiday photos.zip", ID));
    assertEquals("日本語.txt", FileNames.sanitize("日本語.txt", ID));
  }

  @Test
  void pathsAndTraversalAreFlattened() {
    assertEquals("_etc_passwd", FileNames.sanitize("/etc/passwd", ID));
    assertEquals("_.._x", FileNames.sanitize("/../x", ID));
    assertSafe("../../../etc/passwd");
    assertSafe("..\\..\\windows\\system32");
    assertSafe("..");
    assertSafe(".");
    assertSafe("/");
    assertSafe("C:\\boot.ini");
  }

  @Test
  void controlCharactersAndNulAreReplaced() {
    assertEquals("a_b_c", FileNames.sanitize("a\0b\nc", ID));
    assertSafe("\u0000");
    assertSafe("evil\u202Etxt.exe");
  }

  @Test
  void emptyHiddenAndReservedNamesGetASafeName() {
    assertEquals("file-abababababab", FileNames.sanitize("", ID));
    assertEquals("file-abababababab", FileNames.sanitize("...", ID));
    assertEquals("bashrc", FileNames.sanitize(".bashrc", ID));
    assertEquals("file-abababababab-CON.txt", FileNames.sanitize("CON.txt", ID));
    assertSafe(null);
  }

  @Test
  void longNamesAreCutTo255BytesKeepingTheExtension() {
    String clean = FileNames.sanitize("é".repeat(300) + ".iso", ID);
    assertTrue(clean.endsWith(".iso"));
    assertTrue(clean.getBytes(StandardCharsets.UTF_8).length <= 255);
    assertSafe("x".repeat(10_000));
  }

  @Test
  void takenNamesAreNumberedBeforeTheExtension() {
    assertEquals("movie (1).mkv", FileNames.numbered("movie.mkv", 1));
    assertEquals("README (2)", FileNames.numbered("README", 2));
    assertTrue(FileNames.numbered("y".repeat(255), 3).getBytes(StandardCharsets.UTF_8).length <= 255);
  }
}
