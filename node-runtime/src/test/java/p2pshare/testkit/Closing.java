package p2pshare.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened, closed after it, last opened first. Hold one in a field marked JUnit's {@code @AutoClose}.
 */
public final class Closing implements AutoCloseable {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Closes {@code c} after the test; returns it. */
  public <T extends AutoCloseable> T add(T c) {
    opened.push(c);
    return c;
  }

  @Override
  public void close() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }
}
