package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The views' timers run only while the page shows live data to someone: hiding the page or losing the node stops
 * them; leaving the page (pagehide) stops every timer and closes the socket; showing the page again, or coming back
 * to it, starts them again. The timers and sockets are counted by wrappers installed before the page's scripts run.
 */
class PageTimersStopWithTheirViewIT extends BrowserTest {
  /** Counts what the page's scripts hold: window.__intervals(), window.__timeouts() and window.__openSockets(). */
  private static final String COUNT_TIMERS = """
      (() => {
        const intervals = new Set();
        const timeouts = new Set();
        const { setInterval: si, clearInterval: ci, setTimeout: st, clearTimeout: ct, WebSocket: WS } = window;
        window.setInterval = (fn, ms) => { const id = si.call(window, fn, ms); intervals.add(id); return id; };
        window.clearInterval = (id) => { intervals.delete(id); ci.call(window, id); };
        window.setTimeout = (fn, ms) => {
          const id = st.call(window, () => { timeouts.delete(id); fn(); }, ms);
          timeouts.add(id);
          return id;
        };
        window.clearTimeout = (id) => { timeouts.delete(id); ct.call(window, id); };
        const sockets = [];
        window.WebSocket = function (url) { const s = new WS(url); sockets.push(s); return s; };
        window.WebSocket.prototype = WS.prototype;
        window.__intervals = () => intervals.size;
        window.__timeouts = () => timeouts.size;
        window.__openSockets = () => sockets.filter((s) => s.readyState <= 1).length;
      })();
      """;

  private Page page;

  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    swarm.seeder("seeder-1", "notes.txt", "hello".getBytes());
    swarm.startNode("laptop");
  }

  @BeforeEach
  void openDashboard() {
    page = context.newPage();
    page.addInitScript(COUNT_TIMERS);
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    // The peers' ages and the speed graph: one interval each.
    page.waitForFunction("() => window.__intervals() === 2");
  }

  private void setHidden(boolean hidden) {
    page.evaluate("hidden => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });"
        + " document.dispatchEvent(new Event('visibilitychange')); }", hidden);
  }

  private int count(String what) {
    return ((Number) page.evaluate("() => window.__" + what + "()")).intValue();
  }

  @Test
  void aHiddenPageRunsNoTimerAndAVisibleOneRunsThemAgain() {
    setHidden(true);
    assertEquals(0, count("intervals"));
    setHidden(false);
    assertEquals(2, count("intervals"));
  }

  @Test
  void leavingThePageClosesTheSocketAndStopsEveryTimer() {
    page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))");
    assertEquals(0, count("intervals"));
    assertEquals(0, count("timeouts"));
    page.waitForFunction("() => window.__openSockets() === 0");

    // Back from the back-forward cache: a new socket, a new snapshot, the timers again.
    page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");
    page.waitForFunction("() => window.__openSockets() === 1 && window.__intervals() === 2");
  }

  @Test
  void aLostNodeStopsTheViewsTimers() throws Exception {
    swarm.stopNode();
    assertThat(page.getByTestId("banner")).containsText("Connection lost");
    assertEquals(0, count("intervals"), "only the socket's retry, a timeout, goes on");
  }
}
