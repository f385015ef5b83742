package p2pshare.peer.share;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which regular file a path names, as far as one {@code lstat} can tell: its size, its mtime in milliseconds and the
 * file system's key for it ({@link BasicFileAttributes#fileKey()}: device and inode on Linux, {@code null} where the
 * file system has none). A file replaced by another one (renamed over it, even with the same size and mtime),
 * truncated, rewritten with a new mtime, deleted or swapped for a symbolic link no longer has the same identity. A
 * file rewritten in place with the same size and mtime does, and only hashing it again can tell.
 */
public record FileIdentity(long size, long modifiedMillis, String fileKey) {

  /**
   * Reads the identity of the regular file at {@code path} without following a link: one {@code lstat}, no
   * {@code open}. Blocking but cheap (about a microsecond, less than the {@code open} a send does anyway), so an
   * event loop may call it before each chunk.
   *
   * @throws java.nio.file.NoSuchFileException when nothing is there
   * @throws FileSystemException when the path is not a regular file (a symbolic link, a folder)
   */
  public static FileIdentity of(Path path) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isRegularFile()) {
      throw new FileSystemException(path.toString(), null, "not a regular file");
    }
    return of(attrs);
  }

  /** The identity described by attributes already read (by a folder walk, for example). */
  static FileIdentity of(BasicFileAttributes attrs) {
    Object key = attrs.fileKey();
    return new FileIdentity(attrs.size(), attrs.lastModifiedTime().toMillis(), key == null ? null : key.toString());
  }

  /**
   * True when {@code current} is still this file: same size, same mtime and same key. A {@code null} key here means
   * the key was not recorded, and then size and mtime decide.
   */
  public boolean matches(FileIdentity current) {
    return size == current.size && modifiedMillis == current.modifiedMillis
        && (fileKey == null || fileKey.equals(current.fileKey));
  }
}
