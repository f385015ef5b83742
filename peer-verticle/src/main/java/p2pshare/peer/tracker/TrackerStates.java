package p2pshare.peer.tracker;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of a tracker client and what that state owns. {@link #moveTo} applies only the transitions
 * {@link TrackerState#canGoTo} allows (any other is refused and logged), and releases on the way out what the state
 * it leaves owned: its timers and other resources ({@link #own}), the queued file-list changes of {@link
 * TrackerState#JOINING}, and the connection once the next state holds none ({@link TrackerState#holdsConnection}).
 * Runs on the client's event loop only.
 *
 * @param <C> the connection
 */
final class TrackerStates<C> {
  private static final Logger log = LoggerFactory.getLogger(TrackerStates.class);
  /**
   * Update messages queued while joining (each at most {@link FileListParts#PART_BYTES} of entries): beyond this many
   * the client joins again with the whole list instead.
   */
  static final int MAX_QUEUED = 256;

  private final Consumer<C> close;
  private final List<Runnable> owned = new ArrayList<>();
  private final List<JsonObject> queued = new ArrayList<>();
  // Read by the metrics gauge from another thread.
  private volatile TrackerState state = TrackerState.DISCONNECTED;
  private C connection;
  private boolean overflowed;

  /** @param close closes a connection the state machine no longer holds */
  TrackerStates(Consumer<C> close) {
    this.close = close;
  }

  TrackerState state() {
    return state;
  }

  boolean is(TrackerState expected) {
    return state == expected;
  }

  /** The connection while a state holds one ({@link TrackerState#holdsConnection}), else null. */
  C connection() {
    return connection;
  }

  /**
   * Moves to {@code next}, releasing what the current state owns; false (and nothing changes) if the transition is
   * not a legal one.
   */
  boolean moveTo(TrackerState next, String why) {
    if (!state.canGoTo(next)) {
      log.error("tracker client: no transition from {} to {} ({}); staying {}", state.wire(), next.wire(), why,
          state.wire());
      return false;
    }
    log.debug("tracker client: {} -> {} ({})", state.wire(), next.wire(), why);
    state = next;
    List<Runnable> release = new ArrayList<>(owned);
    owned.clear();
    queued.clear();
    overflowed = false;
    release.forEach(Runnable::run);
    if (!next.holdsConnection() && connection != null) {
      C c = connection;
      connection = null;
      close.accept(c);
    }
    return true;
  }

  /** Moves to {@link TrackerState#JOINING} with {@code c}; false (and {@code c} closed) if not connecting. */
  boolean joining(C c) {
    if (!moveTo(TrackerState.JOINING, "connected")) {
      close.accept(c);
      return false;
    }
    connection = c;
    return true;
  }

  /** Releases {@code release} when the current state is left (a timer, a pending attempt). */
  void own(Runnable release) {
    owned.add(release);
  }

  /**
   * Queues changes to send once joined; false outside {@link TrackerState#JOINING}. Beyond {@link #MAX_QUEUED} they
   * are dropped and {@link #takeQueued} says so, since the next join carries the whole list anyway.
   */
  boolean queue(List<JsonObject> changes) {
    if (!is(TrackerState.JOINING)) {
      return false;
    }
    if (queued.size() + changes.size() > MAX_QUEUED) {
      overflowed = true;
      queued.clear();
    } else if (!overflowed) {
      queued.addAll(changes);
    }
    return true;
  }

  /** The changes queued while joining, or null if too many were (then only a new join brings the list up to date). */
  List<JsonObject> takeQueued() {
    if (overflowed) {
      overflowed = false;
      return null;
    }
    List<JsonObject> taken = new ArrayList<>(queued);
    queued.clear();
    return taken;
  }
}
