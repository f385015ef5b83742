package p2pshare.peer.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.peer.tracker.TrackerState.CONNECTING;
import static p2pshare.peer.tracker.TrackerState.DISCONNECTED;
import static p2pshare.peer.tracker.TrackerState.JOINED;
import static p2pshare.peer.tracker.TrackerState.JOINING;
import static p2pshare.peer.tracker.TrackerState.LEAVING;
import static p2pshare.peer.tracker.TrackerState.REFUSED;
import static p2pshare.peer.tracker.TrackerState.STOPPED;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state machine alone: which transitions it applies, and what each state releases when it is left. */
class TrackerStatesTest {
  private static final Map<TrackerState, Set<TrackerState>> LEGAL = Map.of(
      DISCONNECTED, EnumSet.of(CONNECTING, STOPPED),
      CONNECTING, EnumSet.of(JOINING, DISCONNECTED, STOPPED),
      JOINING, EnumSet.of(JOINED, DISCONNECTED, REFUSED, STOPPED),
      JOINED, EnumSet.of(DISCONNECTED, REFUSED, LEAVING),
      REFUSED, EnumSet.of(CONNECTING, STOPPED),
      LEAVING, EnumSet.of(STOPPED),
      STOPPED, EnumSet.noneOf(TrackerState.class));

  private final List<String> closed = new ArrayList<>();
  private final TrackerStates<String> states = new TrackerStates<>(closed::add);

  @Test
  void everyLegalTransitionIsAppliedAndReleasesWhatTheStateOwned() {
    for (TrackerState from : TrackerState.values()) {
      for (TrackerState to : LEGAL.get(from)) {
        TrackerStates<String> s = reach(from);
        List<String> released = new ArrayList<>();
        s.own(() -> released.add("timer"));
        assertTrue(s.moveTo(to, "test"), from + " -> " + to);
        assertEquals(to, s.state());
        assertEquals(List.of("timer"), released, from + " -> " + to);
      }
    }
  }

  @Test
  void anIllegalTransitionIsRefusedAndChangesNothing() {
    for (TrackerState from : TrackerState.values()) {
      Set<TrackerState> illegal = EnumSet.allOf(TrackerState.class);
      illegal.removeAll(LEGAL.get(from));
      for (TrackerState to : illegal) {
        TrackerStates<String> s = reach(from);
        List<String> released = new ArrayList<>();
        s.own(() -> released.add("timer"));
        assertFalse(s.moveTo(to, "test"), from + " -> " + to);
        assertEquals(from, s.state());
        assertTrue(released.isEmpty(), from + " -> " + to);
      }
    }
  }

  @Test
  void theConnectionIsKeptFromJoiningToLeavingAndClosedWhenNoStateHoldsIt() {
    assertTrue(states.moveTo(CONNECTING, "test"));
    assertTrue(states.joining("link"));
    assertEquals("link", states.connection());
    assertTrue(states.moveTo(JOINED, "test"));
    assertTrue(states.moveTo(LEAVING, "test"));
    assertEquals("link", states.connection());
    assertTrue(closed.isEmpty());
    assertTrue(states.moveTo(STOPPED, "test"));
    assertNull(states.connection());
    assertEquals(List.of("link"), closed);
  }

  @Test
  void aConnectionLostWhileJoinedIsClosedOnTheWayOut() {
    for (TrackerState next : List.of(DISCONNECTED, REFUSED)) {
      TrackerStates<String> s = new TrackerStates<>(closed::add);
      s.moveTo(CONNECTING, "test");
      s.joining("link-" + next);
      s.moveTo(JOINED, "test");
      s.moveTo(next, "test");
      assertNull(s.connection());
    }
    assertEquals(List.of("link-DISCONNECTED", "link-REFUSED"), closed);
  }

  @Test
  void aConnectionThatArrivesAfterAStopIsClosed() {
    states.moveTo(CONNECTING, "test");
    states.moveTo(STOPPED, "stop");
    assertFalse(states.joining("late"));
    assertEquals(STOPPED, states.state());
    assertNull(states.connection());
    assertEquals(List.of("late"), closed);
  }

  @Test
  void changesAreQueuedOnlyWhileJoiningAndDroppedWhenJoiningEnds() {
    JsonObject change = new JsonObject().put("type", "update");
    assertFalse(states.queue(List.of(change)));
    states.moveTo(CONNECTING, "test");
    states.joining("link");
    assertTrue(states.queue(List.of(change)));
    assertEquals(List.of(change), states.takeQueued());
    assertEquals(List.of(), states.takeQueued());

    states.queue(List.of(change));
    states.moveTo(DISCONNECTED, "lost");
    states.moveTo(CONNECTING, "test");
    states.joining("link-2");
    assertEquals(List.of(), states.takeQueued());
  }

  @Test
  void tooManyQueuedChangesAskForAWholeNewJoin() {
    states.moveTo(CONNECTING, "test");
    states.joining("link");
    List<JsonObject> many = new ArrayList<>();
    for (int i = 0; i < TrackerStates.MAX_QUEUED; i++) {
      many.add(new JsonObject().put("n", i));
    }
    assertTrue(states.queue(many));
    assertTrue(states.queue(List.of(new JsonObject())));
    assertNull(states.takeQueued());
  }

  /** A state machine brought to {@code state} by legal steps. */
  private TrackerStates<String> reach(TrackerState state) {
    TrackerStates<String> s = new TrackerStates<>(closed::add);
    List<TrackerState> path = switch (state) {
      case DISCONNECTED -> List.of();
      case CONNECTING -> List.of(CONNECTING);
      case JOINING -> List.of(CONNECTING, JOINING);
      case JOINED -> List.of(CONNECTING, JOINING, JOINED);
      case REFUSED -> List.of(CONNECTING, JOINING, REFUSED);
      case LEAVING -> List.of(CONNECTING, JOINING, JOINED, LEAVING);
      case STOPPED -> List.of(STOPPED);
    };
    for (TrackerState step : path) {
      assertTrue(step == JOINING ? s.joining("link") : s.moveTo(step, "test"));
    }
    assertEquals(state, s.state());
    return s;
  }
}
