package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConfigReaderTest {

  private static ConfigReader reader(String json) {
    return new ConfigReader(new JsonObject(json));
  }

  private static void refused(String expectedMessage, Executable read) {
    assertEquals(expectedMessage, assertThrows(IllegalArgumentException.class, read).getMessage());
  }

  @Test
  void absentAndNullKeysTakeTheirDefaults() {
    ConfigReader config = reader("{\"port\": null}");
    assertEquals(6881, config.intIn("port", 6881, 0, 65535));
    assertEquals(7L, config.longIn("n", 7, 0, 10));
    assertEquals(5000, config.seconds("heartbeatSeconds", 5, 0.01, 60));
    assertEquals("127.0.0.1", config.string("host", "127.0.0.1"));
    assertEquals(Optional.empty(), config.optionalString("token"));
    assertTrue(config.bool("verify", true));
    assertEquals(List.of(), config.stringList("allowedHosts"));
    assertEquals(3, config.object("download").intIn("maxActive", 3, 1, 10));
  }

  @Test
  void wellFormedValuesAreRead() {
    ConfigReader config = reader("""
        {"port": 80, "big": 1099511627776, "whole": 2.0, "heartbeatSeconds": 0.5, "host": "example.org",
         "token": "t0k", "verify": false, "allowedHosts": ["a.lan", "b.lan"], "note": "unknown keys are fine"}""");
    assertEquals(80, config.intIn("port", 0, 0, 65535));
    assertEquals(1L << 40, config.longIn("big", 0, 0, Long.MAX_VALUE));
    assertEquals(2, config.intIn("whole", 0, 0, 10));
    assertEquals(500, config.seconds("heartbeatSeconds", 5, 0.01, 60));
    assertEquals("example.org", config.string("host", "127.0.0.1"));
    assertEquals(Optional.of("t0k"), config.optionalString("token"));
    assertFalse(config.bool("verify", true));
    assertEquals(List.of("a.lan", "b.lan"), config.stringList("allowedHosts"));
  }

  @Test
  void aFractionIsNotAnInteger() {
    refused("download.maxInFlight must be an integer 1..4096, got 1.5",
        () -> reader("{\"download\": {\"maxInFlight\": 1.5}}").object("download").intIn("maxInFlight", 32, 1, 4096));
    refused("stallMillis must be an integer 1..3600000, got 0.25",
        () -> reader("{\"stallMillis\": 0.25}").longIn("stallMillis", 10_000, 1, 3_600_000));
  }

  @Test
  void aStringOrABooleanIsNotANumber() {
    refused("port must be an integer 0..65535, got \"80\"",
        () -> reader("{\"port\": \"80\"}").intIn("port", 0, 0, 65535));
    refused("port must be an integer 0..65535, got true", () -> reader("{\"port\": true}").intIn("port", 0, 0, 65535));
    refused("size must be an integer 0..10, got [1]", () -> reader("{\"size\": [1]}").longIn("size", 0, 0, 10));
    refused("heartbeatSeconds must be a number of seconds 0.01..3600, got \"5\"",
        () -> reader("{\"heartbeatSeconds\": \"5\"}").seconds("heartbeatSeconds", 5, 0.01, 3600));
  }

  @Test
  void numbersOutsideTheirRangeAreRefused() {
    refused("port must be an integer 0..65535, got 70000",
        () -> reader("{\"port\": 70000}").intIn("port", 0, 0, 65535));
    refused("httpPort must be an integer -1..65535, got -2",
        () -> reader("{\"httpPort\": -2}").intIn("httpPort", 0, -1, 65535));
    refused("shards must be an integer 1..1024, got 0", () -> reader("{\"shards\": 0}").intIn("shards", 1, 1, 1024));
    refused("syncEveryBytes must be an integer 1048576..1099511627776, got 1024",
        () -> reader("{\"syncEveryBytes\": 1024}").longIn("syncEveryBytes", 1L << 26, 1L << 20, 1L << 40));
    refused("heartbeatSeconds must be a number of seconds 0.01..3600, got -1",
        () -> reader("{\"heartbeatSeconds\": -1}").seconds("heartbeatSeconds", 5, 0.01, 3600));
    refused("heartbeatSeconds must be a number of seconds 0.01..3600, got 0",
        () -> reader("{\"heartbeatSeconds\": 0}").seconds("heartbeatSeconds", 5, 0.01, 3600));
  }

  @Test
  void numbersTooBigForALongAreRefusedNotWrapped() {
    JsonObject json = new JsonObject().put("n", BigInteger.ONE.shiftLeft(64)).put("d", 1e19);
    refused("n must be an integer 0..10, got 18446744073709551616",
        () -> new ConfigReader(json).longIn("n", 0, 0, 10));
    refused("d must be an integer 0..9223372036854775807, got 1.0E19",
        () -> new ConfigReader(json).longIn("d", 0, 0, Long.MAX_VALUE));
    refused("n must be an integer 0..2000000000, got 4294967297",
        () -> reader("{\"n\": 4294967297}").intIn("n", 0, 0, 2_000_000_000));
  }

  @Test
  void aStringMustBeAStringAndNotBlank() {
    refused("host must be a non-empty string, got true", () -> reader("{\"host\": true}").string("host", "h"));
    refused("host must be a non-empty string, got 7", () -> reader("{\"host\": 7}").string("host", "h"));
    refused("host must be a non-empty string, got \"  \"", () -> reader("{\"host\": \"  \"}").string("host", "h"));
    refused("http.token must be a string, got 12",
        () -> reader("{\"http\": {\"token\": 12}}").object("http").optionalString("token"));
    assertEquals(Optional.empty(), reader("{\"token\": \" \"}").optionalString("token"));
  }

  @Test
  void aBooleanMustBeTrueOrFalseNotAString() {
    refused("download.verifyOnPublish must be true or false, got \"true\"",
        () -> reader("{\"download\": {\"verifyOnPublish\": \"true\"}}").object("download")
            .bool("verifyOnPublish", false));
    refused("verify must be true or false, got 1", () -> reader("{\"verify\": 1}").bool("verify", false));
  }

  @Test
  void aListMustHoldOnlyStrings() {
    refused("http.allowedHosts must be a list of non-empty strings, got [\"a.lan\",7]",
        () -> reader("{\"http\": {\"allowedHosts\": [\"a.lan\", 7]}}").object("http").stringList("allowedHosts"));
    refused("allowedHosts must be a list of non-empty strings, got \"a.lan\"",
        () -> reader("{\"allowedHosts\": \"a.lan\"}").stringList("allowedHosts"));
    refused("allowedHosts must be a list of non-empty strings, got [\"\"]",
        () -> reader("{\"allowedHosts\": [\"\"]}").stringList("allowedHosts"));
  }

  @Test
  void anObjectMustBeAnObject() {
    refused("download must be an object, got [1,2]", () -> reader("{\"download\": [1, 2]}").object("download"));
    refused("tracker must be an object, got \"127.0.0.1:6881\"",
        () -> reader("{\"tracker\": \"127.0.0.1:6881\"}").object("tracker"));
  }

  @Test
  void nestedObjectsNameTheirKeysWithTheWholePath() {
    ConfigReader inner = reader("{\"a\": {\"b\": {\"c\": \"x\"}}}").object("a").object("b");
    assertEquals("a.b.c", inner.fullKey("c"));
    refused("a.b.c must be an integer 0..1, got \"x\"", () -> inner.intIn("c", 0, 0, 1));
  }

  @Test
  void aPathIsRequiredAndMadeAbsolute() {
    refused("shareDir is required", () -> reader("{}").path("shareDir"));
    refused("shareDir must be a non-empty string (a path), got \"\"",
        () -> reader("{\"shareDir\": \"\"}").path("shareDir"));
    refused("shareDir must be a non-empty string (a path), got [\"a\"]",
        () -> reader("{\"shareDir\": [\"a\"]}").path("shareDir"));
    Path read = reader("{\"shareDir\": \"share/../share\"}").path("shareDir");
    assertEquals(Path.of("share").toAbsolutePath().normalize(), read);
    String nul = assertThrows(IllegalArgumentException.class,
        () -> new ConfigReader(new JsonObject().put("shareDir", "a\u0000b")).path("shareDir")).getMessage();
    assertTrue(nul.startsWith("shareDir must be a valid path, got \"a\\u0000b\""), nul);
  }

  @Test
  void aLongValueIsCutShortInTheMessage() {
    String message = assertThrows(IllegalArgumentException.class,
        () -> new ConfigReader(new JsonObject().put("port", "x".repeat(500))).intIn("port", 0, 0, 1)).getMessage();
    assertTrue(message.length() < 200, message);
    assertTrue(message.endsWith("…"), message);
  }

  @Test
  void secondsRoundToTheNearestMillisecond() {
    assertEquals(1005, reader("{\"s\": 1.005}").seconds("s", 1, 0.001, 10));
    assertEquals(1, reader("{\"s\": 0.001}").seconds("s", 1, 0.001, 10));
    assertEquals(200, reader("{\"s\": 0.2}").seconds("s", 1, 0.001, 10));
  }

  @Test
  void emptyListsAndNullObjectsRead() {
    assertEquals(List.of(), new ConfigReader(new JsonObject().put("l", new JsonArray())).stringList("l"));
    assertEquals(1, new ConfigReader(null, "x.").intIn("k", 1, 0, 1));
  }
}
