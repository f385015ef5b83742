package p2pshare.peer.download;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import p2pshare.protocol.tracker.Reachability;

/**
 * The sources this node cannot open a connection to, for a while, over all its downloads: those the tracker lists
 * as behind NAT (it could not dial them back, docs/protocol.md "Reachability"), and those dropped after connections
 * that could not even be opened (refused, timed out, no route). A download spends no connection slot on them; the
 * mark lasts {@link #MARK_MILLIS}, so a peer that comes back reachable is tried again. At most {@link #MAX_MARKS}
 * are kept, the oldest forgotten first. Event loop only.
 */
final class Unreachable {
  static final long MARK_MILLIS = 60_000;
  static final int MAX_MARKS = 10_000;

  private final LongSupplier clock;
  private final Map<String, Long> until = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_MARKS;
    }
  };

  Unreachable(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Whether a source entry of the tracker is one to leave alone now: listed behind NAT when this node cannot have it
   * connect here instead ({@code canReverse} false: this node is behind NAT too), or else marked.
   */
  boolean excludes(JsonObject peer, boolean canReverse) {
    if (Reachability.BEHIND_NAT.wire().equals(peer.getValue("reach"))) {
      // Not dialled but asked to connect here: a failed dial of its router's address says nothing of that.
      return !canReverse;
    }
    Long end = until.get(key(peer.getValue("host"), peer.getValue("port")));
    if (end != null && end <= clock.getAsLong()) {
      until.remove(key(peer.getValue("host"), peer.getValue("port")));
      return false;
    }
    return end != null;
  }

  /** Marks {@code host:port} for {@link #MARK_MILLIS}. */
  void mark(String host, int port) {
    String key = key(host, port);
    until.remove(key);
    until.put(key, clock.getAsLong() + MARK_MILLIS);
  }

  /** How {@code count} sources left out are told, when none is left. */
  static String why(long count, boolean canReverse) {
    return count + (canReverse ? " that could not be connected to lately"
        : " behind NAT or not answering lately, and this node is behind NAT too: neither side can connect");
  }

  /** Whether a connection failed before it was open: nothing listens there that this node can reach. */
  static boolean neverConnected(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof ConnectException || e instanceof ConnectTimeoutException || e instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static String key(Object host, Object port) {
    return host + " " + port;
  }
}
