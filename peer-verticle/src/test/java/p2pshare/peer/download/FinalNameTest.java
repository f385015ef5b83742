package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished file always gets a name the file system takes, or the folder is what is reported. */
class FinalNameTest {
  private static final String ID = "cd".repeat(32);

  @TempDir
  Path dir;

  @Test
  void aNameTheFileSystemRefusesAfterAllFallsBackToTheFileIdsName() throws Exception {
    Path part = Files.writeString(dir.resolve("x.part"), "bytes");
    Path downloads = Files.createDirectories(dir.resolve("downloads"));

    Path published = FinalName.link(part, downloads, "n".repeat(300), ID); // over the 255-byte limit

    assertEquals(downloads.resolve("file-cdcdcdcdcdcd"), published);
    assertEquals("bytes", Files.readString(published));
  }

  @Test
  void aFolderThatTakesNoFileIsReportedWithItsOwnCause() throws Exception {
    Path part = Files.writeString(dir.resolve("x.part"), "bytes");
    Path notAFolder = Files.writeString(dir.resolve("downloads"), "");

    IOException e = assertThrows(IOException.class, () -> FinalName.link(part, notAFolder, "a.bin", ID));

    assertTrue(e.getMessage().contains(notAFolder.resolve("a.bin").toString()), e.getMessage());
    assertEquals("bytes", Files.readString(part), "the part file is untouched");
    assertFalse(Files.exists(dir.resolve("file-cdcdcdcdcdcd")));
  }
}
