package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupHooksTest {
  @TempDir
  Path dir;

  @Test
  void readableConfigsPass() throws Exception {
    Path good = Files.writeString(dir.resolve("good.json"), "{\"port\": 1}");
    assertNull(StartupHooks.checkConf(new String[] {"-conf", good.toString()}));
    assertNull(StartupHooks.checkConf(new String[] {"-conf", "{\"port\": 1}", "-instances", "1"}));
    assertNull(StartupHooks.checkConf(new String[] {}));
  }

  @Test
  void aMissingOrBrokenConfigIsNamed() throws Exception {
    String missing = StartupHooks.checkConf(new String[] {"-conf", dir.resolve("nope.json").toString()});
    assertTrue(missing.contains("does not exist"), missing);
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"port\": ");
    String bad = StartupHooks.checkConf(new String[] {"-conf", broken.toString()});
    assertTrue(bad.contains("is not a JSON object"), bad);
    assertTrue(StartupHooks.checkConf(new String[] {"-conf", "{oops"}).contains("is not a JSON object"));
  }

  @Test
  void describeFindsTheMessageThatSaysSomething() {
    assertEquals("boom", StartupHooks.describe(new RuntimeException(new IllegalStateException("boom"))));
    assertTrue(StartupHooks.describe(new BindException("Address already in use")).contains("in use"));
  }
}
