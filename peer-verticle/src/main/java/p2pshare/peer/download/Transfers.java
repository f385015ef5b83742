package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import p2pshare.peer.share.Manifest;

/** What a {@link DownloadJob} asks of the node to fetch its file. Used on the engine's event loop. */
interface Transfers {
  /**
   * The file's sources now, when some are not banned from it and the disk has room for the smallest size offered.
   * Fails with a {@link DownloadException}; a {@link DownloadException#retryable} one means "no source yet".
   */
  Future<List<JsonObject>> sources(String fileId);

  /**
   * A transfer of the download from {@code peers}, not running yet.
   *
   * @param onProven told the proven manifest (after the disk was checked for room for its size); its failure ends
   *     the run
   */
  Transfer open(DownloadProgress progress, List<JsonObject> peers, Function<Manifest, Future<Void>> onProven);

  /** Removes the part file (and its bitmap and manifest) of a download that has no transfer since this start. */
  Future<Void> discardPart(String fileId);

  /** Stops offering the download's verified chunks ({@link PartialOffers#withdraw}). */
  void withdraw(String fileId, boolean completed);
}
