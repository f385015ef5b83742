package p2pshare.http;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import p2pshare.net.HostText;

/**
 * The names one of this project's HTTP servers answers to, each with its port: the bound address, the loopback
 * names, and the configured extra names. A request for any other {@code Host} may come from a page on another site through DNS rebinding,
 * so it is refused; a WebSocket whose {@code Origin} is not one of these sites is refused the same way.
 */
public final class AllowedHosts {
  private final Set<String> hosts = new HashSet<>();
  private final String scheme;

  public AllowedHosts(String boundHost, int port, List<String> extraNames) {
    this(boundHost, port, extraNames, false);
  }

  /** @param https the server speaks HTTPS: its pages' origins are {@code https://…}, its default port 443 */
  public AllowedHosts(String boundHost, int port, List<String> extraNames, boolean https) {
    this.scheme = https ? "https://" : "http://";
    add(boundHost, port);
    for (String name : List.of("localhost", "127.0.0.1", "[::1]")) {
      add(name, port);
    }
    extraNames.forEach(name -> add(name, port));
  }

  private void add(String name, int port) {
    String host = HostText.canonical(name).toLowerCase(Locale.ROOT);
    if (host.contains(":")) {
      host = "[" + host + "]"; // an IPv6 literal, as it appears in a Host header
    }
    hosts.add(host + ":" + port);
    if (port == (scheme.equals("https://") ? 443 : 80)) {
      hosts.add(host);
    }
  }

  /** True when a {@code Host} header names this node. */
  public boolean allowsHost(String hostHeader) {
    return hostHeader != null && hosts.contains(canonicalHost(hostHeader.toLowerCase(Locale.ROOT)));
  }

  /** {@code host[:port]} with an IPv6 literal in canonical form ({@code [FD77:0::1]:80} is {@code [fd77::1]:80}). */
  private static String canonicalHost(String hostAndPort) {
    int close = hostAndPort.indexOf(']');
    if (!hostAndPort.startsWith("[") || close < 0) {
      return hostAndPort;
    }
    return "[" + HostText.canonical(hostAndPort.substring(1, close)) + "]" + hostAndPort.substring(close + 1);
  }

  /** True when an {@code Origin} header is absent (not a browser) or is a page of this node. */
  public boolean allowsOrigin(String origin) {
    if (origin == null) {
      return true;
    }
    String lower = origin.toLowerCase(Locale.ROOT);
    return lower.startsWith(scheme) && hosts.contains(canonicalHost(lower.substring(scheme.length())));
  }

  /** True for an address on which only this machine can reach the node. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (Exception e) {
      return false;
    }
  }
}
