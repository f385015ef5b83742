package p2pshare.protocol;

/**
 * Runs a pass that serves waiters, never nested: a run asked for from inside a pass (a release that one of its
 * callbacks made, say) only makes the pass under way go round once more. Used on one thread (an event loop).
 */
public final class ServeLoop {
  private final Runnable pass;
  private boolean serving;
  private boolean again;

  public ServeLoop(Runnable pass) {
    this.pass = pass;
  }

  public void run() {
    if (serving) {
      again = true;
      return;
    }
    serving = true;
    try {
      do {
        again = false;
        pass.run();
      } while (again);
    } finally {
      serving = false;
    }
  }
}
