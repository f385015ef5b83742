package p2pshare.tracker.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.tracker.Reachability;

class ProbeLimitsTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ProbeLimits limits = new ProbeLimits(now::get);
  private static final ReachabilityProbe.Result NAT = new ReachabilityProbe.Result(Reachability.BEHIND_NAT, "refused");

  @Test
  void oneAddressGetsAFewProbesAtOnceAndAFewAMinute() {
    for (int i = 0; i < ProbeLimits.PER_ADDRESS; i++) {
      assertNull(limits.start("10.0.0.1"));
    }
    assertNotNull(limits.start("10.0.0.1"), "a fifth probe at once");
    assertNull(limits.start("10.0.0.2"), "another address is not held up");
    for (int i = 0; i < ProbeLimits.PER_ADDRESS; i++) {
      limits.finish("10.0.0.1", 7000 + i, NAT);
    }
    int started = ProbeLimits.PER_ADDRESS;
    while (limits.start("10.0.0.1") == null) {
      limits.finish("10.0.0.1", 1, NAT);
      started++;
    }
    assertEquals(ProbeLimits.PER_ADDRESS_PER_MINUTE, started);
    now.addAndGet(60_000);
    assertNull(limits.start("10.0.0.1"), "a new minute");
  }

  @Test
  void allAddressesTogetherHaveABound() {
    for (int i = 0; i < ProbeLimits.IN_FLIGHT; i++) {
      assertNull(limits.start("10.1." + (i / 250) + "." + (i % 250)));
    }
    assertNotNull(limits.start("10.2.0.1"));
    assertEquals(ProbeLimits.IN_FLIGHT, limits.running());
  }

  @Test
  void aResultIsKeptForAWhileButAnUnknownIsNot() {
    assertNull(limits.start("10.0.0.1"));
    limits.finish("10.0.0.1", 7001, NAT);
    assertEquals(NAT, limits.known("10.0.0.1", 7001));
    assertNull(limits.known("10.0.0.1", 7002), "another port");
    now.addAndGet(ProbeLimits.KEEP_MILLIS + 1);
    assertNull(limits.known("10.0.0.1", 7001));
    assertNull(limits.start("10.0.0.1"));
    limits.finish("10.0.0.1", 7001, new ReachabilityProbe.Result(Reachability.UNKNOWN, "no room"));
    assertNull(limits.known("10.0.0.1", 7001));
  }
}
