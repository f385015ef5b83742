package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

class UnreachableTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Unreachable unreachable = new Unreachable(now::get);

  private static JsonObject source(String host, int port) {
    return new JsonObject().put("peerId", "p").put("name", "n").put("host", host).put("port", port);
  }

  @Test
  void aSourceBehindNatIsLeftOutOnlyWhenItCannotConnectHereEither() {
    JsonObject natted = source("10.77.1.1", 7001).put("reach", "behind-nat");
    assertTrue(unreachable.excludes(natted, false));
    assertFalse(unreachable.excludes(natted, true));
    // A failed dial of its router's address says nothing of a reversed connection.
    unreachable.mark("10.77.1.1", 7001);
    assertFalse(unreachable.excludes(natted, true));
  }

  @Test
  void aMarkedSourceIsLeftOutForAWhileThenTriedAgain() {
    JsonObject source = source("10.77.0.11", 7001);
    assertFalse(unreachable.excludes(source, true));
    unreachable.mark("10.77.0.11", 7001);
    assertTrue(unreachable.excludes(source, true));
    assertFalse(unreachable.excludes(source("10.77.0.11", 7002), true), "another port is another source");
    now.addAndGet(Unreachable.MARK_MILLIS);
    assertFalse(unreachable.excludes(source, true));
  }

  @Test
  void onlyAConnectionThatNeverOpenedCounts() {
    assertTrue(Unreachable.neverConnected(new ConnectException("Connection refused")));
    assertTrue(Unreachable.neverConnected(new RuntimeException(new ConnectTimeoutException("timed out"))));
    assertFalse(Unreachable.neverConnected(ProtocolException.local(ErrorCode.CLOSED, "connection closed")));
    assertFalse(Unreachable.neverConnected(ProtocolException.local(ErrorCode.TIMEOUT, "stalled")));
  }
}
