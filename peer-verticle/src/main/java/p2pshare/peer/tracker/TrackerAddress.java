package p2pshare.peer.tracker;

import p2pshare.net.HostText;

/** Where a tracker (or one node of a tracker cluster) listens. */
public record TrackerAddress(String host, int port) {
  @Override
  public String toString() {
    return HostText.withPort(host, port);
  }
}
