package p2pshare.peer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.download.PartialOffers;
import p2pshare.peer.share.PartialShare;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.protocol.tracker.TrackerRequest;

/**
 * Files being downloaded are offered from their first verified chunk: in the share index (the chunk server serves
 * them) and to the tracker, as partial sources with their chunk count, told again every {@link #ANNOUNCE_EVERY}
 * chunks. Withdrawn from both before a part file is deleted.
 */
final class OffersWhileDownloading implements PartialOffers {
  private static final int ANNOUNCE_EVERY = 64;
  private static final Logger log = LoggerFactory.getLogger(OffersWhileDownloading.class);
  private final Map<String, Runnable> listening = new HashMap<>();
  private final ShareIndex shares;
  private final TrackerClient tracker;

  OffersWhileDownloading(ShareIndex shares, TrackerClient tracker) {
    this.shares = shares;
    this.tracker = tracker;
  }

  @Override
  public void offer(PartialShare part) {
    String fileId = part.manifest().fileId();
    Runnable previous = listening.remove(fileId);
    if (previous != null) {
      previous.run();
    }
    shares.offerPartial(part);
    if (part.have().cardinality() > 0) {
      announce(part);
    }
    listening.put(fileId, part.onHave(index -> {
      int have = part.have().cardinality();
      if (have == 1 || have % ANNOUNCE_EVERY == 0) {
        announce(part);
      }
    }));
  }

  @Override
  public void withdraw(String fileId, boolean completed) {
    Runnable listener = listening.remove(fileId);
    if (listener != null) {
      listener.run();
    }
    shares.withdrawPartial(fileId);
    if (!completed && tracker.connected()) {
      tracker.update(new JsonArray(), new JsonArray().add(fileId));
    }
  }

  private void announce(PartialShare part) {
    if (tracker.connected()) {
      tracker.request(new JsonObject().put("type", TrackerRequest.Have.TYPE).put("file", ShareIndex.partialEntry(part)))
          .onFailure(e -> log.warn("could not offer {} to the tracker: {}", part.manifest().name(), e.getMessage()));
    }
  }
}
