package p2pshare.protocol.tracker;

/**
 * Whether other peers can open a connection to a peer's chunk server, as the tracker found by dialling it back
 * (docs/protocol.md, "Reachability"). Its wire form is the lower-case name with a hyphen.
 */
public enum Reachability {
  /** The tracker opened a connection to the address it sees the peer from, at the port the peer gave, and got hello. */
  REACHABLE("reachable"),
  /** The tracker could not: refused, silent or not the peer there. Others will most likely fail too. */
  BEHIND_NAT("behind-nat"),
  /** Not checked: the tracker lists advertised hosts, does not probe, or had no room to probe now. */
  UNKNOWN("unknown");

  private final String wire;

  Reachability(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The state of a wire name; {@link #UNKNOWN} for any other value. */
  public static Reachability fromWire(Object wire) {
    for (Reachability state : values()) {
      if (state.wire.equals(wire)) {
        return state;
      }
    }
    return UNKNOWN;
  }
}
