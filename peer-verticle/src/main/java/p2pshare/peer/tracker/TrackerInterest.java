package p2pshare.peer.tracker;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files this node wants to hear about (its downloads'), kept subscribed at the tracker (docs/protocol.md,
 * "Subscriptions"): while joined to a tracker of version 3, each change of the set goes out as {@code subscribe} and
 * {@code unsubscribe}, and after each join the whole set is sent again, since subscriptions belong to a connection.
 * A tracker of version 2 has no subscriptions: there the node watches every event instead. When the tracker refuses
 * a set (its {@code limit} of subscriptions per connection), the files are asked for one by one, so that as many
 * as fit are taken; a file it still refuses stays unsubscribed, and its download looks its sources up now and then.
 * Runs on the client's event loop only.
 */
final class TrackerInterest {
  private static final Logger log = LoggerFactory.getLogger(TrackerInterest.class);
  /** The first protocol version with subscriptions. */
  static final int SINCE_VERSION = 3;

  private final Set<String> wanted = new LinkedHashSet<>();
  /** The files the tracker confirmed, on the link joined now. */
  private final Set<String> subscribed = new HashSet<>();
  private TrackerLink link;

  /** From now on the node wants to hear about {@code fileIds}, and no others. */
  void want(Set<String> fileIds) {
    List<String> fresh = fileIds.stream().filter(id -> !wanted.contains(id)).toList();
    List<String> dropped = wanted.stream().filter(id -> !fileIds.contains(id)).toList();
    wanted.removeAll(dropped);
    wanted.addAll(fresh);
    if (link != null) {
      if (!dropped.isEmpty()) {
        subscribed.removeAll(dropped);
        link.request(TrackerMessages.unsubscribe(dropped))
            .onFailure(e -> log.debug("could not unsubscribe from {} files: {}", dropped.size(), e.getMessage()));
      }
      subscribe(link, fresh);
    }
  }

  /**
   * Joined over {@code link}: sends the whole set if the tracker has subscriptions. Returns false if it has not (a
   * tracker of version 2), so the caller watches every event instead.
   */
  boolean joined(TrackerLink joined) {
    subscribed.clear();
    if (joined.version() < SINCE_VERSION) {
      link = null;
      return false;
    }
    link = joined;
    subscribe(joined, List.copyOf(wanted));
    return true;
  }

  /** The link is gone: so are its subscriptions. */
  void lost() {
    link = null;
    subscribed.clear();
  }

  /** True if the tracker tells this node of {@code fileId}'s sources as they change. */
  boolean pushed(String fileId) {
    return subscribed.contains(fileId);
  }

  private void subscribe(TrackerLink on, List<String> fileIds) {
    if (fileIds.isEmpty()) {
      return;
    }
    on.request(TrackerMessages.subscribe(fileIds)).onComplete(ar -> {
      if (link != on) {
        return; // another link by now: its join sent the set again
      }
      if (ar.succeeded()) {
        fileIds.stream().filter(wanted::contains).forEach(subscribed::add);
        return;
      }
      if (fileIds.size() > 1) {
        log.warn("tracker {} would not tell this node of the sources of {} files at once ({}): asking file by file; "
            + "the downloads of those it refuses look their sources up now and then instead", on.address(),
            fileIds.size(), ar.cause().getMessage());
        // A tracker at its limit of subscriptions per connection still takes as many as fit, one at a time.
        fileIds.forEach(fileId -> subscribe(on, List.of(fileId)));
      } else {
        log.debug("tracker {} would not subscribe this node to {}: {}", on.address(), fileIds.get(0),
            ar.cause().getMessage());
      }
    });
  }
}
