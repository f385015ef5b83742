package p2pshare.net;

import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one way this project writes a host as text, in logs, messages, the tracker's lists and the APIs: an IPv6
 * address in the canonical form of RFC 5952 ({@code fd77::11}, not {@code fd77:0:0:0:0:0:0:11} as
 * {@link InetAddress#getHostAddress()} writes it), so that one host always has one text, and text that a person can
 * compare with what {@code ip addr} shows.
 *
 * <p>The form: lower-case hexadecimal without leading zeros; the longest run of two or more zero groups as
 * {@code ::} (the first of equally long runs); an IPv4-mapped address as {@code ::ffff:192.0.2.1}; no zone index
 * ({@code %eth0}), which names an interface of the machine that wrote it and means nothing to another. IPv4
 * addresses and host names are left as they are. Never resolves a name. Stateless; any thread.
 */
public final class HostText {
  private HostText() {
  }

  /** {@code address} as text: canonical for IPv6, dotted for IPv4. */
  public static String canonical(InetAddress address) {
    if (address instanceof Inet6Address) {
      return ipv6(address.getAddress());
    }
    return address.getHostAddress();
  }

  /**
   * {@code host} as text: an IPv6 literal (bracketed or not, with or without a zone index) in canonical form;
   * anything else (an IPv4 address, a host name, text that is no address) unchanged. Null stays null.
   */
  public static String canonical(String host) {
    if (host == null || host.indexOf(':') < 0) {
      return host;
    }
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    InetAddress address;
    try {
      // Brackets make the JDK parse the text as an IPv6 literal or refuse it, never ask a resolver.
      address = InetAddress.getByName("[" + literal + "]");
    } catch (UnknownHostException | IllegalArgumentException e) {
      return host;
    }
    // The JDK reads an IPv4-mapped literal as the IPv4 address; the text said IPv6, so it stays IPv6 text.
    return address instanceof Inet4Address ? "::ffff:" + address.getHostAddress() : canonical(address);
  }

  /**
   * {@code host} and {@code port} as one text: {@code [fd77::11]:6881} for an IPv6 address (the brackets keep its
   * colons apart from the port's), {@code 10.77.0.11:6881} or {@code tracker.example:6881} otherwise.
   */
  public static String withPort(String host, int port) {
    String text = canonical(host);
    if (text != null && text.indexOf(':') >= 0) {
      return "[" + text + "]:" + port;
    }
    return text + ":" + port;
  }

  /** A socket's address as {@link #withPort(String, int)} writes it; {@code null} stays {@code "null"}. */
  public static String of(SocketAddress address) {
    if (address == null) {
      return "null";
    }
    String host = address.hostAddress() != null ? address.hostAddress() : address.host();
    return host == null ? String.valueOf(address) : withPort(host, address.port());
  }

  private static String ipv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
        && groups[5] == 0xffff) {
      return "::ffff:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
          + (bytes[15] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is written as 0, not as ::
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
