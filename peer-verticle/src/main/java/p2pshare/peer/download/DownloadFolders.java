package p2pshare.peer.download;

import java.nio.file.Path;

/**
 * Where downloads keep their things.
 *
 * @param parts part files, their chunk bitmaps and manifests
 * @param records the unfinished downloads' records ({@link DownloadStore})
 * @param downloads where finished files are published
 */
public record DownloadFolders(Path parts, Path records, Path downloads) {
}
