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
    // The launcher reads Main-Verticle from the manifest only when Main-Class is VertxApplication itself, so name the
    // verticle as the launcher's first argument.
    String[] launcherArgs = new String[args.length + 1];
    launcherArgs[0] = PeerNodeVerticle.class.getName();
    System.arraycopy(args, 0, launcherArgs, 1, args.length);
    StartupHooks.launch("peer", launcherArgs);
  }
}
