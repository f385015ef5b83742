package p2pshare.peer.tracker;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a {@link TrackerClient} is with its tracker, and which state may follow which. A state owns what is released
 * when it is left (see {@link TrackerStates}): the connection from {@link #JOINING} to {@link #LEAVING}, the retry timer
 * in {@link #DISCONNECTED} and {@link #REFUSED}, the heartbeat in {@link #JOINED}, the queued file-list changes in
 * {@link #JOINING}.
 */
public enum TrackerState {
  /** No connection; a retry (with backoff, at the next tracker address) is scheduled unless not started yet. */
  DISCONNECTED,
  /** A TCP (and TLS) connection to the current tracker address is being opened. */
  CONNECTING,
  /** Connected: hello, then the join with the file list in parts. */
  JOINING,
  /** Joined: heartbeats, watched events, file-list updates and requests. */
  JOINED,
  /** The tracker refused this node for good: asked again after a long wait or when the shared files change. */
  REFUSED,
  /** Stopping while joined: the {@code leave} is on its way, bounded by the request timeout. */
  LEAVING,
  /** Stopped for good: no connection, no timer. */
  STOPPED;

  private Set<TrackerState> next;

  static {
    DISCONNECTED.next = EnumSet.of(CONNECTING, STOPPED);
    CONNECTING.next = EnumSet.of(JOINING, DISCONNECTED, STOPPED);
    JOINING.next = EnumSet.of(JOINED, DISCONNECTED, REFUSED, STOPPED);
    // A joined node whose update was refused for good waits as refused once the connection is lost.
    JOINED.next = EnumSet.of(DISCONNECTED, REFUSED, LEAVING);
    REFUSED.next = EnumSet.of(CONNECTING, STOPPED);
    LEAVING.next = EnumSet.of(STOPPED);
    STOPPED.next = EnumSet.noneOf(TrackerState.class);
  }

  /** Whether {@code state} may follow this one. */
  public boolean canGoTo(TrackerState state) {
    return next.contains(state);
  }

  /** Whether this state holds the connection to the tracker. */
  boolean holdsConnection() {
    return this == JOINING || this == JOINED || this == LEAVING;
  }

  /** The state as the node's status spells it: {@code joined}, {@code refused}, … */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
