package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

  private static JsonObject http(JsonObject http) {
    return new JsonObject().put("name", "laptop").put("http", http);
  }

  private static String refusal(JsonObject config) {
    return assertThrows(IllegalArgumentException.class, () -> DashboardSettings.from(config)).getMessage();
  }

  @Test
  void defaultsApply() {
    DashboardSettings settings = DashboardSettings.from(new JsonObject());
    assertEquals("peer", settings.name());
    assertEquals("127.0.0.1", settings.host());
    assertEquals(8080, settings.port());
    assertTrue(settings.tokenGenerated());
    assertEquals(48, settings.token().length());
    assertEquals(List.of(), settings.allowedHosts());
    assertEquals(10_000, settings.busTimeoutMillis());
    assertEquals(10_000, settings.peersRefreshMillis());
  }

  @Test
  void aConfiguredTokenIsKeptAndAnEmptyOneIsReplaced() {
    DashboardSettings given = DashboardSettings.from(http(new JsonObject().put("token", "dev")));
    assertEquals("dev", given.token());
    assertFalse(given.tokenGenerated());
    DashboardSettings empty = DashboardSettings.from(http(new JsonObject().put("token", "")));
    assertTrue(empty.tokenGenerated());
    assertNotEquals("", empty.token());
  }

  @Test
  void aShortTokenIsRefusedOnlyWhereOtherMachinesCanReachTheNode() {
    assertEquals("http.token must have at least 16 characters when http.host (0.0.0.0) is reachable from other "
        + "machines, got 3; leave it out to have one generated",
        refusal(http(new JsonObject().put("host", "0.0.0.0").put("token", "dev"))));
    assertThrows(IllegalArgumentException.class, () -> DashboardSettings.from(
        http(new JsonObject().put("host", "192.168.1.20").put("token", "fifteen-chars!!"))));
    assertEquals("sixteen-chars!!!", DashboardSettings.from(
        http(new JsonObject().put("host", "0.0.0.0").put("token", "sixteen-chars!!!"))).token());
    for (String loopback : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
      assertEquals("dev", DashboardSettings.from(http(new JsonObject().put("host", loopback).put("token", "dev")))
          .token(), loopback);
    }
    assertTrue(DashboardSettings.from(http(new JsonObject().put("host", "0.0.0.0"))).token().length() >= 16);
  }

  @Test
  void settingsAreRead() {
    DashboardSettings settings = DashboardSettings.from(http(new JsonObject().put("host", "0.0.0.0").put("port", 0)
        .put("allowedHosts", new JsonArray().add("my-box.lan")).put("busTimeoutMillis", 200)
        .put("peersRefreshMillis", 100)));
    assertEquals("laptop", settings.name());
    assertEquals("0.0.0.0", settings.host());
    assertEquals(0, settings.port());
    assertEquals(List.of("my-box.lan"), settings.allowedHosts());
    assertEquals(200, settings.busTimeoutMillis());
    assertEquals(100, settings.peersRefreshMillis());
  }

  @Test
  void aBadValueIsRefusedNamingItsKey() {
    assertEquals("http.port must be an integer 0..65535, got 70000",
        refusal(http(new JsonObject().put("port", 70000))));
    assertEquals("http.port must be an integer 0..65535, got \"8080\"",
        refusal(http(new JsonObject().put("port", "8080"))));
    assertEquals("http.token must be a string, got 1234", refusal(http(new JsonObject().put("token", 1234))));
    assertEquals("http.allowedHosts must be a list of non-empty strings, got [7]",
        refusal(http(new JsonObject().put("allowedHosts", new JsonArray().add(7)))));
    assertEquals("http.busTimeoutMillis must be an integer 1..3600000, got 0",
        refusal(http(new JsonObject().put("busTimeoutMillis", 0))));
    assertEquals("http.peersRefreshMillis must be an integer 1..86400000, got 2.5",
        refusal(http(new JsonObject().put("peersRefreshMillis", 2.5))));
    assertEquals("http must be an object, got \"127.0.0.1:8080\"",
        refusal(new JsonObject().put("http", "127.0.0.1:8080")));
  }
}
