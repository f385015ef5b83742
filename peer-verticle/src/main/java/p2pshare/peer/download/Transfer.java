package p2pshare.peer.download;

import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import p2pshare.peer.share.SharedFile;

/** One run of a download's transfer, from the sources it was given. Used on the engine's event loop. */
interface Transfer {
  /**
   * Fetches, verifies and publishes the file; emits it, ready to share. Disposing it, or a failure, closes the part
   * file and keeps it for the next run.
   */
  Single<SharedFile> run();

  /** Closes the part file and saves its bitmap once the writes under way are done. */
  Future<Void> stop();

  /** Closes, then removes the part file and what belongs to it; call after the run ended or was disposed. */
  Future<Void> discard();

  /** The tracker says this peer left: it is no source any more. */
  void peerLeft(String peerId);

  /**
   * The tracker pushed changes of the file's sources: {@code sources} (entries as a lookup lists them) may be new,
   * the peers {@code gone} offer the file no more.
   */
  void sourcesPushed(List<JsonObject> sources, List<String> gone);

  /** Asks the tracker for the file's sources again (a lookup is a sample: absence from it means nothing). */
  void refreshSources();
}
