package p2pshare.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo scripts as the README runs them, with --selftest: the whole swarm (one tracker, or two clustered tracker
 * nodes) comes up, big.bin is downloaded through the leecher and its SHA-256 checked, and everything stops.
 */
class DemoSelftestIT {
  @TempDir
  Path work;

  @ParameterizedTest
  @ValueSource(strings = {"scripts/demo.sh", "scripts/cluster-demo.sh"})
  void theDemoPassesItsSelftest(String script) throws Exception {
    Path log = work.resolve("demo.log");
    ProcessBuilder builder = new ProcessBuilder("bash", ProcessSwarm.PROJECT.resolve(script).toString(), "--selftest")
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DEMO_BIG_MIB", "16");
    builder.environment().put("TMPDIR", work.toString());
    Process demo = builder.start();
    boolean ended = demo.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      demo.destroy();
      demo.waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertTrue(ended, script + " did not end within 5 minutes:\n" + output);
    assertEquals(0, demo.exitValue(), output);
    assertTrue(output.contains("demo selftest passed"), output);
  }
}
