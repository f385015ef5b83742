package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The moves a download job may make, all of them, and what the API shows of each state. */
class JobStateTest {
  private static final Map<JobState, Set<JobState>> LEGAL = Map.of(
      JobState.QUEUED, EnumSet.of(JobState.STARTING, JobState.PAUSED, JobState.CANCELLED),
      JobState.STARTING, EnumSet.of(JobState.RUNNING, JobState.WAITING, JobState.FAILED, JobState.PAUSED,
          JobState.CANCELLED),
      JobState.RUNNING, EnumSet.of(JobState.WAITING, JobState.COMPLETED, JobState.FAILED, JobState.PAUSED,
          JobState.CANCELLED),
      JobState.WAITING, EnumSet.of(JobState.WAITING, JobState.RUNNING, JobState.FAILED, JobState.PAUSED,
          JobState.CANCELLED),
      JobState.PAUSED, EnumSet.of(JobState.QUEUED, JobState.CANCELLED),
      JobState.COMPLETED, EnumSet.noneOf(JobState.class),
      JobState.FAILED, EnumSet.noneOf(JobState.class),
      JobState.CANCELLED, EnumSet.noneOf(JobState.class));

  @Test
  void onlyTheLegalMovesAreAllowed() {
    for (JobState from : JobState.values()) {
      for (JobState to : JobState.values()) {
        assertEquals(LEGAL.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
      }
    }
  }

  @Test
  void startingShowsAsRunningAndWaitingAsItself() {
    assertEquals(Download.State.RUNNING, JobState.STARTING.shown());
    assertEquals(Download.State.WAITING, JobState.WAITING.shown());
    for (JobState state : JobState.values()) {
      if (state != JobState.STARTING) {
        assertEquals(state.name(), state.shown().name());
      }
    }
  }

  @Test
  void onlyStartingRunningAndWaitingHoldASlot() {
    for (JobState state : JobState.values()) {
      assertEquals(EnumSet.of(JobState.STARTING, JobState.RUNNING, JobState.WAITING).contains(state),
          state.holdsSlot(), state.name());
    }
  }
}
