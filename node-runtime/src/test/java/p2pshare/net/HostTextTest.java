package p2pshare.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostTextTest {
  @Test
  void theLongestRunOfZeroGroupsBecomesTwoColons() throws Exception {
    assertEquals("fd77::11", HostText.canonical(InetAddress.getByName("fd77:0:0:0:0:0:0:11")));
    assertEquals("2001:db8::1:0:0:1", HostText.canonical("2001:db8:0:0:1:0:0:1"));
    assertEquals("2001:0:0:1::1", HostText.canonical("2001:0:0:1:0:0:0:1"));
    assertEquals("::1", HostText.canonical("0:0:0:0:0:0:0:1"));
    assertEquals("::", HostText.canonical("0:0:0:0:0:0:0:0"));
    assertEquals("fd77::", HostText.canonical("fd77:0:0:0:0:0:0:0"));
  }

  @Test
  void aSingleZeroGroupStaysAZero() {
    assertEquals("2001:db8:0:1:1:1:1:1", HostText.canonical("2001:db8::1:1:1:1:1"));
  }

  @Test
  void hexIsLowerCaseWithoutLeadingZeros() {
    assertEquals("fd77:ab::c", HostText.canonical("FD77:00AB:0000:0000:0000:0000:0000:000C"));
  }

  @Test
  void noZoneIndexLeaks() throws Exception {
    assertEquals("fe80::1", HostText.canonical("fe80::1%eth0"));
    assertEquals("fe80::1", HostText.canonical("[fe80:0:0:0:0:0:0:1%2]"));
    Inet6Address scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 7);
    assertEquals("fe80::1", HostText.canonical(scoped));
  }

  @Test
  void bracketsAreDropped() {
    assertEquals("fd77::11", HostText.canonical("[fd77:0:0::11]"));
  }

  @Test
  void anIpv4MappedAddressKeepsItsMappedForm() {
    assertEquals("::ffff:192.0.2.1", HostText.canonical("::FFFF:C000:0201"));
    assertEquals("::ffff:192.0.2.1", HostText.canonical("0:0:0:0:0:ffff:192.0.2.1"));
  }

  @Test
  void ipv4AddressesAndHostNamesAreUnchanged() throws Exception {
    assertEquals("10.77.0.11", HostText.canonical("10.77.0.11"));
    assertEquals("10.77.0.11", HostText.canonical(InetAddress.getByName("10.77.0.11")));
    assertEquals("tracker.example", HostText.canonical("tracker.example"));
    assertEquals("Tracker.Example", HostText.canonical("Tracker.Example"));
    assertEquals("localhost", HostText.canonical("localhost"));
    assertNull(HostText.canonical((String) null));
  }

  @Test
  void textThatIsNoAddressIsLeftAlone() {
    assertEquals("not:an:address", HostText.canonical("not:an:address"));
    assertEquals("fd77::1::2", HostText.canonical("fd77::1::2"));
  }

  @Test
  void withAPortAnIpv6AddressIsBracketed() {
    assertEquals("[fd77::11]:6881", HostText.withPort("fd77:0:0:0:0:0:0:11", 6881));
    assertEquals("[fd77::11]:6881", HostText.withPort("[fd77::11]", 6881));
    assertEquals("10.77.0.11:6881", HostText.withPort("10.77.0.11", 6881));
    assertEquals("tracker.example:6881", HostText.withPort("tracker.example", 6881));
  }
}
