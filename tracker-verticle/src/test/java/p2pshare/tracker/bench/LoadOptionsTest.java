package p2pshare.tracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The generator spreads its connections over as many loopback source addresses as the peers need. */
class LoadOptionsTest {

  @Test
  void oneAddressHoldsTwentyThousandPeersAndMoreNeedMoreAddresses() {
    assertEquals(0, LoadOptions.parse("--peers", "20000").sourceAddressCount());
    assertEquals(2, LoadOptions.parse("--peers", "20001").sourceAddressCount());
    assertEquals(5, LoadOptions.parse("--peers", "100000").sourceAddressCount());
    assertEquals(4, LoadOptions.parse("--peers", "100000", "--peers-per-address", "25000").sourceAddressCount());
    assertEquals(3, LoadOptions.parse("--peers", "10", "--source-addresses", "3").sourceAddressCount());
  }

  @Test
  void sourceAddressesFollowTheBaseInsideLoopback() {
    LoadOptions options = LoadOptions.parse("--peers", "100000");
    assertEquals("127.0.1.1", options.sourceAddress(0));
    assertEquals("127.0.1.5", options.sourceAddress(4));
    LoadOptions wrapping = LoadOptions.parse("--peers", "10", "--source-base", "127.0.1.254",
        "--source-addresses", "3");
    assertEquals("127.0.2.0", wrapping.sourceAddress(2));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--source-base", "10.0.0.1"));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--source-base", "127.0.1"));
    assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.parse("--source-base", "127.255.255.254", "--source-addresses", "2"));
  }
}
