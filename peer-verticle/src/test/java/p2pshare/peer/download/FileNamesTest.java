package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {
  private static final String ID = "ab".repeat(32);
  private static final String FALLBACK = "file-abababababab";

  /** Names a hostile or broken peer may send; each must become one this disk takes as it is. */
  private static final List<String> HOSTILE = List.of("a\uD800b.txt", "\uDC00", "\uDBFF\uDFFF\uD800", "x\uDFFF",
      "CON", "con.txt", "Nul.tar.gz", "COM1", "lpt9.doc", "COM\u00b9", "CONOUT$", "aux .txt", "prn.",
      "name. . .", "trailing   ", "  .. ", ".", "..", "", "\uFFFE\uFFFF", "a\u2028b", "\u200B",
      "\uD83D\uDE00".repeat(100) + ".txt", "\uD83D\uDE00".repeat(200), "é".repeat(200) + ".iso", "a".repeat(300),
      "tab\tnew\nline", "CON\u3000.txt");

  @TempDir
  Path dir;

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

  @Test
  void loneSurrogatesBecomeUnderscoresAndPairsStay() {
    assertEquals("a_b.txt", FileNames.sanitize("a\uD800b.txt", ID));
    assertEquals("x_", FileNames.sanitize("x\uDFFF", ID));
    assertEquals("\uD83D\uDE00_", FileNames.sanitize("\uD83D\uDE00\uD800", ID));
    assertEquals("__", FileNames.sanitize("\uDBFF\uDFFF\uD800", ID), "U+10FFFF is a noncharacter");
    assertEquals("_", FileNames.sanitize("\uDC00", ID));
  }

  @Test
  void reservedDeviceNamesWithAnyCaseOrExtensionAreRenamed() {
    for (String name : List.of("CON", "con.txt", "Nul.tar.gz", "COM1", "lpt9.doc", "COM\u00b9", "CONOUT$",
        "aux .txt", "prn.", "com0")) {
      String clean = FileNames.sanitize(name, ID);
      assertTrue(clean.startsWith(FALLBACK), name + " -> " + clean);
    }
    assertEquals("console.txt", FileNames.sanitize("console.txt", ID));
    assertEquals("com10", FileNames.sanitize("com10", ID));
  }

  @Test
  void trailingDotsAndSpacesGo() {
    assertEquals("name", FileNames.sanitize("name. . .", ID));
    assertEquals("trailing", FileNames.sanitize("trailing   ", ID));
    assertEquals(FALLBACK, FileNames.sanitize("  .. ", ID));
    assertEquals(FALLBACK, FileNames.sanitize(".", ID));
    assertEquals(FALLBACK, FileNames.sanitize("..", ID));
  }

  @Test
  void charactersTheFileNameEncodingCannotHoldAreReplaced() {
    assertEquals("caf_ _.txt", FileNames.sanitize("café 日.txt", ID, StandardCharsets.US_ASCII));
    assertEquals("café _.txt", FileNames.sanitize("café 日.txt", ID, StandardCharsets.ISO_8859_1));
    assertEquals("café 日.txt", FileNames.sanitize("café 日.txt", ID, StandardCharsets.UTF_8));
  }

  @Test
  void aLongNameIsCutWithoutSplittingACharacter() {
    String clean = FileNames.sanitize("\uD83D\uDE00".repeat(100) + ".txt", ID);
    assertTrue(clean.endsWith(".txt"), clean);
    assertTrue(clean.getBytes(StandardCharsets.UTF_8).length <= 255);
    assertEquals(clean, new String(clean.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
        "valid UTF-16 all through");
  }

  @Test
  void everyHostileNameIsCreatedOnDiskUnderExactlyThatName() throws Exception {
    for (String name : HOSTILE) {
      String clean = FileNames.sanitize(name, ID);
      assertSafe(name);
      assertEquals(clean, new String(clean.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
          "valid UTF-16: " + clean);
      Path folder = Files.createTempDirectory(dir, "n");
      Files.writeString(folder.resolve(clean), "x");
      try (Stream<Path> listed = Files.list(folder)) {
        assertEquals(List.of(clean), listed.map(p -> p.getFileName().toString()).toList(), name);
      }
      String numbered = FileNames.numbered(clean, 12);
      Files.writeString(folder.resolve(numbered), "y");
      assertTrue(numbered.getBytes(StandardCharsets.UTF_8).length <= 255, numbered);
    }
  }
}
