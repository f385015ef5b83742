package p2pshare.peer.download;

import java.util.function.Consumer;
import java.util.function.Predicate;
import p2pshare.peer.share.SharedFile;

/**
 * How the download engine talks to the rest of the node. Called on the engine's event loop.
 *
 * @param alreadyShared true for a fileId this node has whole: it is not downloaded
 * @param onCompleted told each file a download published, to share it
 * @param onChange told each download that changed state, as a snapshot
 */
public record DownloadHooks(Predicate<String> alreadyShared, Consumer<SharedFile> onCompleted,
    Consumer<Download> onChange) {
}
