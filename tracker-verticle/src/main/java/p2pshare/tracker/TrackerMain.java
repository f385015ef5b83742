package p2pshare.tracker;

import p2pshare.launch.StartupHooks;

/** Entry point of tracker.jar: the Vert.x launcher with {@link TrackerVerticle} as its main verticle. */
public final class TrackerMain {
  private TrackerMain() {
  }

  public static void main(String[] args) {
    StartupHooks.launch("tracker", TrackerVerticle.class, args);
  }
}
