package p2pshare.peer.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The addresses tried in turn, and the backoff between attempts with its bounds and jitter. */
class TrackerRotationTest {
  private static final TrackerAddress A = new TrackerAddress("a", 1);
  private static final TrackerAddress B = new TrackerAddress("b", 2);

  @Test
  void theAddressesAreTriedInTurn() {
    TrackerRotation rotation = new TrackerRotation(List.of(A, B), RetryDelays.DEFAULT, () -> 0);
    List<TrackerAddress> tried = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tried.add(rotation.current());
      rotation.advance();
    }
    assertEquals(List.of(A, B, A, B), tried);
  }

  @Test
  void theBackoffDoublesUpToItsBoundAndAJoinResetsIt() {
    TrackerRotation rotation = new TrackerRotation(List.of(A), RetryDelays.DEFAULT, () -> 0);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waits.add(rotation.nextBackoff());
    }
    assertEquals(List.of(250L, 500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L), waits);
    rotation.joined();
    assertEquals(250L, rotation.nextBackoff());
  }

  @Test
  void theJitterAddsAtMostHalfOfTheWait() {
    TrackerRotation rotation = new TrackerRotation(List.of(A), RetryDelays.DEFAULT, () -> 0.999_999);
    assertEquals(374L, rotation.nextBackoff());
    for (int i = 0; i < 10; i++) {
      rotation.nextBackoff();
    }
    assertEquals(14_999L, rotation.nextBackoff());
  }

  @Test
  void noAddressOrBadDelaysAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TrackerRotation(List.of(), RetryDelays.DEFAULT, () -> 0));
    assertThrows(IllegalArgumentException.class, () -> new RetryDelays(500, 100, 1000));
    assertEquals(5 * 60_000L, new TrackerRotation(List.of(A), RetryDelays.DEFAULT, () -> 0).refusedRetryMs());
  }
}
