package p2pshare.peer.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one lstat can tell about a shared file, and what it cannot. */
class FileIdentityTest {
  @TempDir
  Path dir;

  private Path file;
  private FileTime mtime;
  private FileIdentity indexed;

  @BeforeEach
  void indexAFile() throws IOException {
    file = Files.writeString(dir.resolve("a.txt"), "first content");
    mtime = Files.getLastModifiedTime(file);
    indexed = FileIdentity.of(file);
  }

  @Test
  void anUntouchedFileKeepsItsIdentity() throws IOException {
    assertEquals(13, indexed.size());
    assertEquals(mtime.toMillis(), indexed.modifiedMillis());
    assertNotNull(indexed.fileKey(), "Linux file systems have device and inode");
    assertTrue(indexed.matches(FileIdentity.of(file)));
  }

  @Test
  void aFileReplacedByAnotherWithTheSameSizeAndMtimeIsAnotherFile() throws IOException {
    Path other = Files.writeString(dir.resolve("b.txt"), "other content");
    Files.setLastModifiedTime(other, mtime);
    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);

    FileIdentity now = FileIdentity.of(file);
    assertEquals(indexed.size(), now.size());
    assertEquals(indexed.modifiedMillis(), now.modifiedMillis());
    assertFalse(indexed.matches(now));
  }

  @Test
  void aTruncatedOrRewrittenFileIsAnotherFile() throws IOException {
    Files.writeString(file, "first");
    Files.setLastModifiedTime(file, mtime);
    assertFalse(indexed.matches(FileIdentity.of(file)), "shorter");

    Files.writeString(file, "first CONTENT");
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtime.toMillis() + 2_000));
    assertFalse(indexed.matches(FileIdentity.of(file)), "same size, new mtime");
  }

  @Test
  void anInPlaceRewriteWithTheSameSizeAndMtimeIsNotSeen() throws IOException {
    Files.writeString(file, "other content");
    Files.setLastModifiedTime(file, mtime);
    assertTrue(indexed.matches(FileIdentity.of(file)), "only hashing again could tell");
  }

  @Test
  void aDeletedFileHasNoIdentity() throws IOException {
    Files.delete(file);
    assertThrows(NoSuchFileException.class, () -> FileIdentity.of(file));
  }

  @Test
  void aLinkIsNotFollowedEvenToTheSameFile() throws IOException {
    Path moved = Files.move(file, dir.resolve("moved.txt"));
    Files.createSymbolicLink(file, moved);
    assertThrows(FileSystemException.class, () -> FileIdentity.of(file));
    assertThrows(FileSystemException.class, () -> FileIdentity.of(dir), "a folder is not a file either");
    assertTrue(indexed.matches(FileIdentity.of(moved)), "the file itself is unchanged");
  }

  @Test
  void withoutARecordedKeySizeAndMtimeDecide() throws IOException {
    FileIdentity noKey = new FileIdentity(indexed.size(), indexed.modifiedMillis(), null);
    assertTrue(noKey.matches(FileIdentity.of(file)));

    Path other = Files.writeString(dir.resolve("b.txt"), "other content");
    Files.setLastModifiedTime(other, mtime);
    assertTrue(noKey.matches(FileIdentity.of(other)));
    assertFalse(indexed.matches(FileIdentity.of(other)));
  }
}
