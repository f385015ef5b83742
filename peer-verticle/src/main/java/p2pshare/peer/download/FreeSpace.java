package p2pshare.peer.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much room the disk holding a folder has left, as this process may use it. */
@FunctionalInterface
public interface FreeSpace {
  /** The disk's own figure: {@link java.nio.file.FileStore#getUsableSpace()} of the folder's file store. */
  FreeSpace FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();

  /** Bytes a new file in {@code dir} can still take. Blocking: call it on a worker thread. */
  long usableBytes(Path dir) throws IOException;
}
