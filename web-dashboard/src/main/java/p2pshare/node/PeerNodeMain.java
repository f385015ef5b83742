package p2pshare.node;

import p2pshare.launch.StartupHooks;

/**
 * Entry point of {@code peer-node.jar}. Takes the Vert.x launcher's options ({@code -conf FILE|JSON} and so on) and
 * deploys {@link PeerNodeVerticle}; a failed start is reported in one line and exits non-zero.
 */
public final class PeerNodeMain {
  private PeerNodeMain() {
  }

  public static void main(String[] args) {
    StartupHooks.launch("peer", PeerNodeVerticle.class, args);
  }
}
