package p2pshare.tracker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time of this process's threads by kind, read from Linux's {@code /proc/self/task}: the event loops (the
 * generator's own work per request), the JIT compilers (a cost of the run's first minutes, not of each request), the
 * garbage collector, and the rest. Elsewhere, or when {@code /proc} cannot be read, {@link #read} gives null.
 */
record ThreadCpu(long eventLoopTicks, long jitTicks, long gcTicks, long otherTicks) {
  /** Clock ticks per second of {@code /proc} times: USER_HZ, 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100;

  static ThreadCpu read() {
    long[] ticks = new long[4];
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        String stat;
        try {
          name = Files.readString(task.resolve("comm")).strip();
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        // Fields after the command name, which may hold spaces and ends with the last ')': utime and stime are 14, 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        ticks[kind(name)] += used;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return new ThreadCpu(ticks[0], ticks[1], ticks[2], ticks[3]);
  }

  private static int kind(String thread) {
    if (thread.startsWith("vert.x-eventloo")) {
      return 0;
    }
    if (thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre")) {
      return 1;
    }
    if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
      return 2;
    }
    return 3;
  }

  /** What the threads spent since {@code before}. */
  ThreadCpu since(ThreadCpu before) {
    return new ThreadCpu(eventLoopTicks - before.eventLoopTicks, jitTicks - before.jitTicks,
        gcTicks - before.gcTicks, otherTicks - before.otherTicks);
  }

  double eventLoopSeconds() {
    return eventLoopTicks / TICKS_PER_SECOND;
  }

  double jitSeconds() {
    return jitTicks / TICKS_PER_SECOND;
  }

  double gcSeconds() {
    return gcTicks / TICKS_PER_SECOND;
  }

  double otherSeconds() {
    return otherTicks / TICKS_PER_SECOND;
  }
}
