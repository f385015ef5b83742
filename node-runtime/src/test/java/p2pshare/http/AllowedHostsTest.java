package p2pshare.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
  @Test
  void anIpv6BoundAddressIsKnownInAnyOfItsSpellings() {
    AllowedHosts hosts = new AllowedHosts("fd77:0:0:0:0:0:0:11", 8080, List.of());
    assertTrue(hosts.allowsHost("[fd77::11]:8080"));
    assertTrue(hosts.allowsHost("[FD77:0::11]:8080"));
    assertTrue(hosts.allowsOrigin("http://[fd77::11]:8080"));
    assertFalse(hosts.allowsHost("[fd77::12]:8080"));
    assertFalse(hosts.allowsHost("[fd77::11]:8081"));
  }

  @Test
  void ipv4AndNamesAreComparedAsWritten() {
    AllowedHosts hosts = new AllowedHosts("10.78.1.2", 8080, List.of("node.example"));
    assertTrue(hosts.allowsHost("10.78.1.2:8080"));
    assertTrue(hosts.allowsHost("Node.Example:8080"));
    assertTrue(hosts.allowsHost("[::1]:8080"));
    assertFalse(hosts.allowsHost("10.78.1.6:8080"));
  }
}
