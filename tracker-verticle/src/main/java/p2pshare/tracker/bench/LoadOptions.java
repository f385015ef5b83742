package p2pshare.tracker.bench;

import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link TrackerLoad}. Every option has a default; see {@link #usage()}. */
public final class LoadOptions {
  /** 127.255.255.255 is loopback's broadcast address: source addresses stop before it. */
  private static final int LOOPBACK_END = (127 << 24) | 0xFFFFFF;

  String host = "127.0.0.1";
  int port = 6881;
  /** The nodes of a tracker cluster, or empty for the one {@link #port}. */
  List<Integer> ports = List.of();
  int peers = 1000;
  int files = 20;
  int lookups = 20_000;
  /** Files offered by many peers: each peer takes {@link #hotPerPeer} of them. */
  int hotFiles = 100;
  int hotPerPeer = 5;
  /** Size of the long tail catalog; 0 means 5 per peer, so a tail file has about 3 sources. */
  int tailFiles = 0;
  /** Connections being opened (connect + join) at once. */
  int connectConcurrency = 1000;
  /** Lookups in flight on one connection. */
  int inFlight = 4;
  /** Connections sending lookups at the same time (each takes its share, then hands over to the next). */
  int activeConnections = 128;
  /** Percent of lookups that are {@code sources}; the rest are {@code search}. */
  int sourcesPercent = 50;
  /** Percent of lookups that are substring searches (a scan of every name); the other searches are exact. */
  int substringPercent = 10;
  /** Percent of lookups aimed at a hot file. */
  int hotLookupPercent = 20;
  int heartbeatSeconds = 5;
  int timeoutSeconds = 300;
  long seed = 42;
  /** Seconds to keep every peer connected (heartbeating) after the lookups, e.g. to sample the tracker's memory. */
  int holdSeconds = 0;
  /** Lookups sent and checked before the measured ones, so that both JVMs have compiled the lookup path. */
  int warmupLookups = 20_000;
  /** Every n-th lookup of the run has its whole answer checked ({@link ReplyCheck}); the others their head only. */
  int fullCheckEvery = 16;
  /**
   * Loopback source addresses the connections come from, {@link #sourceBase} and the ones after it; 0 means as many
   * as the peers need at {@link #peersPerAddress} each, or none (the system's choice) when one address holds them.
   */
  int sourceAddresses = 0;
  int peersPerAddress = 20_000;
  String sourceBase = "127.0.1.1";
  /** Event-loop threads of the generator's Vert.x ({@link TrackerLoad#main} only); 0 for Vert.x's default. */
  int eventLoops = 0;

  public static String usage() {
    return String.join("\n",
        "usage: java -cp tracker.jar p2pshare.tracker.bench.TrackerLoad [options]",
        "  --host H                 tracker address (127.0.0.1)",
        "  --port P                 tracker port (6881)",
        "  --ports P1,P2,...        the ports of the nodes of a tracker cluster: peer i joins node i mod n, and",
        "                           lookups start once every node lists every peer (instead of --port)",
        "  --peers N                connections, each joined as one peer (1000)",
        "  --files F                files offered per peer (20)",
        "  --lookups M              lookups after all peers joined (20000)",
        "  --hot-files K            files offered by many peers (100)",
        "  --hot-per-peer H         hot files in each peer's list (5)",
        "  --tail-files T           long-tail catalog size (0: 5 x peers)",
        "  --connect-concurrency C  connections being opened at once (1000)",
        "  --in-flight I            lookups in flight per connection (4)",
        "  --active-connections A   connections sending lookups at the same time (128)",
        "  --sources-percent S      percent of lookups that are 'sources' (50); the rest are 'search'",
        "  --substring-percent U    percent of lookups that are substring searches (10); other searches exact",
        "  --hot-lookup-percent W   percent of lookups for a hot file (20)",
        "  --heartbeat-seconds B    heartbeat period of every peer (5)",
        "  --timeout-seconds T      give up on a phase after this long (300)",
        "  --seed X                 random seed (42)",
        "  --hold-seconds S         keep the peers connected this long after the lookups (0); prints HOLDING first",
        "  --warmup-lookups W       lookups before the measured ones (20000), checked alike but not counted in the",
        "                           rates, latencies and CPU times, so that the JIT compilers' work falls outside them",
        "  --full-check-every N     parse every N-th lookup answer whole (16); every answer's framing, type and id",
        "                           are checked, and every answer that does not start as expected is parsed whole",
        "  --source-addresses N     loopback addresses the connections come from, peer i from address i mod N",
        "                           (0: one per --peers-per-address peers, none of our own when one is enough)",
        "  --peers-per-address P    connections per source address when --source-addresses is 0 (20000); one",
        "                           address has about 28,000 ephemeral ports",
        "  --source-base A          the first source address (127.0.1.1); the next ones follow it in 127.0.0.0/8",
        "  --event-loops E          event-loop threads of the generator (0: Vert.x's default, twice the cores)");
  }

  public static LoadOptions parse(String... args) {
    LoadOptions o = new LoadOptions();
    List<String> list = new ArrayList<>(List.of(args));
    for (int i = 0; i < list.size(); i++) {
      String key = list.get(i);
      if (key.equals("-h") || key.equals("--help")) {
        throw new IllegalArgumentException(usage());
      }
      if (i + 1 >= list.size()) {
        throw new IllegalArgumentException("missing value after " + key + "\n" + usage());
      }
      String value = list.get(++i);
      try {
        switch (key) {
          case "--host" -> o.host = value;
          case "--port" -> o.port = Integer.parseInt(value);
          case "--ports" -> o.ports = java.util.Arrays.stream(value.split(",")).map(String::strip)
              .map(Integer::valueOf).toList();
          case "--peers" -> o.peers = Integer.parseInt(value);
          case "--files" -> o.files = Integer.parseInt(value);
          case "--lookups" -> o.lookups = Integer.parseInt(value);
          case "--hot-files" -> o.hotFiles = Integer.parseInt(value);
          case "--hot-per-peer" -> o.hotPerPeer = Integer.parseInt(value);
          case "--tail-files" -> o.tailFiles = Integer.parseInt(value);
          case "--connect-concurrency" -> o.connectConcurrency = Integer.parseInt(value);
          case "--in-flight" -> o.inFlight = Integer.parseInt(value);
          case "--active-connections" -> o.activeConnections = Integer.parseInt(value);
          case "--sources-percent" -> o.sourcesPercent = Integer.parseInt(value);
          case "--substring-percent" -> o.substringPercent = Integer.parseInt(value);
          case "--hot-lookup-percent" -> o.hotLookupPercent = Integer.parseInt(value);
          case "--heartbeat-seconds" -> o.heartbeatSeconds = Integer.parseInt(value);
          case "--timeout-seconds" -> o.timeoutSeconds = Integer.parseInt(value);
          case "--seed" -> o.seed = Long.parseLong(value);
          case "--hold-seconds" -> o.holdSeconds = Integer.parseInt(value);
          case "--warmup-lookups" -> o.warmupLookups = Integer.parseInt(value);
          case "--full-check-every" -> o.fullCheckEvery = Integer.parseInt(value);
          case "--source-addresses" -> o.sourceAddresses = Integer.parseInt(value);
          case "--peers-per-address" -> o.peersPerAddress = Integer.parseInt(value);
          case "--source-base" -> o.sourceBase = value;
          case "--event-loops" -> o.eventLoops = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + key + "\n" + usage());
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number after " + key + ": " + value);
      }
    }
    o.check();
    return o;
  }

  void check() {
    require(port > 0 && port < 65536, "--port must be 1..65535");
    require(ports.stream().allMatch(p -> p > 0 && p < 65536), "--ports must be 1..65535 each");
    require(peers >= 2, "--peers must be at least 2");
    require(files >= 1, "--files must be at least 1");
    require(lookups >= 0, "--lookups must not be negative");
    require(hotFiles >= 1, "--hot-files must be at least 1");
    require(hotPerPeer >= 0 && hotPerPeer <= Math.min(files, hotFiles), "--hot-per-peer must be 0..min(files, hot-files)");
    require(tailFiles >= 0, "--tail-files must not be negative");
    require(tailCatalog() >= files - hotPerPeer, "--tail-files must be at least files - hot-per-peer");
    require(connectConcurrency >= 1, "--connect-concurrency must be at least 1");
    require(inFlight >= 1, "--in-flight must be at least 1");
    require(activeConnections >= 1, "--active-connections must be at least 1");
    require(sourcesPercent >= 0 && sourcesPercent <= 100, "--sources-percent must be 0..100");
    require(substringPercent >= 0 && substringPercent <= 100 - sourcesPercent,
        "--substring-percent must be 0..(100 - sources-percent)");
    require(hotLookupPercent >= 0 && hotLookupPercent <= 100, "--hot-lookup-percent must be 0..100");
    require(heartbeatSeconds >= 1, "--heartbeat-seconds must be at least 1");
    require(timeoutSeconds >= 1, "--timeout-seconds must be at least 1");
    require(holdSeconds >= 0, "--hold-seconds must not be negative");
    require(eventLoops >= 0, "--event-loops must not be negative");
    require(warmupLookups >= 0, "--warmup-lookups must not be negative");
    require(fullCheckEvery >= 1, "--full-check-every must be at least 1");
    require(sourceAddresses >= 0, "--source-addresses must not be negative");
    require(peersPerAddress >= 1, "--peers-per-address must be at least 1");
    int base = loopback(sourceBase);
    require(base >= 0, "--source-base must be an IPv4 address in 127.0.0.0/8, got " + sourceBase);
    require(base + (long) sourceAddressCount() <= LOOPBACK_END,
        "--source-addresses: " + sourceAddressCount() + " addresses from " + sourceBase + " leave 127.0.0.0/8");
  }

  /** The source addresses the connections come from; 0 when the system chooses. */
  int sourceAddressCount() {
    if (sourceAddresses > 0) {
      return sourceAddresses;
    }
    int needed = (int) ((peers + (long) peersPerAddress - 1) / peersPerAddress);
    return needed > 1 ? needed : 0;
  }

  /** Source address {@code n} (0-based): {@link #sourceBase} plus {@code n}. */
  String sourceAddress(int n) {
    int a = loopback(sourceBase) + n;
    return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
  }

  /** The address as an int when it is a dotted IPv4 address in 127.0.0.0/8, else -1. */
  private static int loopback(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    int a = 0;
    for (String part : parts) {
      if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
        return -1;
      }
      a = (a << 8) | Integer.parseInt(part);
    }
    return (a >>> 24) == 127 ? a : -1;
  }

  /** The port peer {@code index} joins. */
  int portOf(int index) {
    return ports.isEmpty() ? port : ports.get(index % ports.size());
  }

  int tailCatalog() {
    return tailFiles > 0 ? tailFiles : 5 * peers;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public LoadOptions port(int port) {
    this.port = port;
    return this;
  }

  public LoadOptions peers(int peers) {
    this.peers = peers;
    return this;
  }

  public LoadOptions lookups(int lookups) {
    this.lookups = lookups;
    return this;
  }

  public LoadOptions timeoutSeconds(int seconds) {
    this.timeoutSeconds = seconds;
    return this;
  }
}
