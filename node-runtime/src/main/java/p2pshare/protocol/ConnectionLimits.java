package p2pshare.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * How many connections a server holds, in all and per remote address: {@link #admit} counts a new connection in
 * or refuses it when either limit is reached, {@link #release} counts it out when it closes. Runs on the server's
 * event loop only; {@link #open} may be read from anywhere.
 */
public final class ConnectionLimits {
  private final int max;
  private final int maxPerAddress;
  private final Map<String, Integer> perAddress = new HashMap<>();
  private volatile int open;

  public ConnectionLimits(int max, int maxPerAddress) {
    this.max = max;
    this.maxPerAddress = maxPerAddress;
  }

  /** Counts in a connection from {@code address}; returns null, or why it is refused (the caller closes it). */
  public String admit(String address) {
    int fromAddress = perAddress.getOrDefault(address, 0);
    if (open >= max) {
      return "already " + open + " connections";
    }
    if (fromAddress >= maxPerAddress) {
      return "already " + fromAddress + " connections from " + address;
    }
    open++;
    perAddress.put(address, fromAddress + 1);
    return null;
  }

  /** Counts out a connection {@link #admit} let in. */
  public void release(String address) {
    open--;
    perAddress.computeIfPresent(address, (k, n) -> n > 1 ? n - 1 : null);
  }

  public int open() {
    return open;
  }
}
