package p2pshare.dashboard.browser;

import com.microsoft.playwright.BrowserContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Chromium per test class, and for each test a fresh swarm and browser context. A test class says what its
 * swarm holds in {@link #populate}.
 */
abstract class BrowserTest {
  private static Chromium chromium;

  @TempDir
  Path root;

  DashboardSwarm swarm;
  BrowserContext context;

  @BeforeAll
  static void launchBrowser() {
    chromium = Chromium.launch();
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** Adds the seeders and starts the node under test. */
  abstract void populate(DashboardSwarm swarm) throws Exception;

  int viewportWidth() {
    return 1280;
  }

  int viewportHeight() {
    return 800;
  }

  @BeforeEach
  final void startSwarm() throws Exception {
    swarm = new DashboardSwarm(root);
    populate(swarm);
    context = chromium.newContext(viewportWidth(), viewportHeight());
  }

  @AfterEach
  final void stopSwarm() throws Exception {
    if (context != null) {
      context.close();
    }
    swarm.close();
  }
}
