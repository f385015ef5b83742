package p2pshare.protocol.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

class TrackerReplyCodecTest {
  private static final JsonObject TRACKER = new JsonObject().put("clustered", false);

  @Test
  void everyReplyRoundTripsThroughItsFrame() throws ProtocolException {
    JsonObject row = new JsonObject().put("fileId", "ab".repeat(32)).put("name", "a").put("size", 1)
        .put("sources", 2).put("partialSources", 0);
    List<TrackerReply> replies = List.of(
        new TrackerReply.Joined("b7c1", "5e0a", 30_000, 90, TRACKER, "fd77::11", null),
        new TrackerReply.Joined("b7c1", "5e0a", 250, 1, TRACKER, null, "not probing"),
        new TrackerReply.Ok(),
        new TrackerReply.Files(new JsonArray().add(row), true, null),
        new TrackerReply.Files(new JsonArray(), false, 0),
        new TrackerReply.Sources(new JsonObject().put("fileId", "ab".repeat(32)).put("name", "a").put("size", 1)
            .put("peers", new JsonArray()).put("candidates", new JsonArray()).toBuffer()),
        new TrackerReply.Peers(new JsonArray().add(new JsonObject().put("id", "p")), 1),
        new TrackerReply.Error(ErrorCode.UNKNOWN_FILE, "no other peer offers it"));
    for (TrackerReply reply : replies) {
      JsonObject json = Frames.jsonOf(body(TrackerReplyCodec.frame(9L, reply)));
      assertEquals(9L, json.getLong("id"));
      assertEquals(reply.type(), json.getString("type"));
      assertEquals(reply, TrackerReplyCodec.decodeReply(json), json.encode());
    }
  }

  @Test
  void theHeartbeatIsWholeSecondsOrADecimalAndAbsentFromAVersionTwoTracker() throws ProtocolException {
    JsonObject whole = TrackerReplyCodec.encode(1L, new TrackerReply.Joined("p", "s", 30_000, 90, TRACKER, null, null));
    assertEquals("{\"type\":\"joined\",\"id\":1,\"peerId\":\"p\",\"secret\":\"s\",\"heartbeatSeconds\":30,"
        + "\"peerTimeoutSeconds\":90,\"tracker\":{\"clustered\":false}}", whole.encode());
    assertEquals(0.25, TrackerReplyCodec.encode(1L, new TrackerReply.Joined("p", "s", 250, 1, TRACKER, null, null))
        .getDouble("heartbeatSeconds"));
    TrackerReply old = TrackerReplyCodec.decodeReply(new JsonObject().put("type", "joined").put("id", 1)
        .put("peerId", "p").put("secret", "s").put("peerTimeoutSeconds", 15));
    assertEquals(new TrackerReply.Joined("p", "s", 0, 15, new JsonObject(), null, null), old);
  }

  @Test
  void aReachabilityEventRoundTripsAndAnUnknownStateReadsAsUnknown() throws ProtocolException {
    for (TrackerEvent event : List.of(new TrackerEvent.Reach(Reachability.REACHABLE, "10.77.0.11", 7001, null),
        new TrackerEvent.Reach(Reachability.BEHIND_NAT, "fd77::21", 7001, "Connection refused"))) {
      assertEquals(event, TrackerReplyCodec.decodeEvent(Frames.jsonOf(body(TrackerReplyCodec.frame(event)))));
    }
    assertEquals(new TrackerEvent.Reach(Reachability.UNKNOWN, "h", 1, null), TrackerReplyCodec.decodeEvent(
        new JsonObject().put("type", "reachability").put("state", "sideways").put("host", "h").put("port", 1)));
  }

  @Test
  void aSourcesChangedEventRoundTripsAndABrokenOneIsNoEvent() throws ProtocolException {
    TrackerEvent event = new TrackerEvent.SourcesChanged("ab".repeat(32), new JsonArray().add(new JsonObject()
        .put("peerId", "p").put("name", "n").put("host", "127.0.0.1").put("port", 7).put("partial", true)
        .put("chunks", 3).put("size", 9)), List.of("gone-1"), true);
    JsonObject json = Frames.jsonOf(body(TrackerReplyCodec.frame(event)));
    assertEquals(event, TrackerReplyCodec.decodeEvent(json));
    assertNull(TrackerReplyCodec.decodeEvent(json.copy().put("gone", new JsonArray().add(3))));
    assertNull(TrackerReplyCodec.decodeEvent(json.copy().put("sources", new JsonArray().add("x"))));
    assertNull(TrackerReplyCodec.decodeEvent(json.copy().put("fileId", 5)));
  }

  @Test
  void theSourcesAnswerIsSplicedAsEncoded() throws ProtocolException {
    Buffer members = Buffer.buffer("{\"fileId\":\"f\",\"peers\":[]}");
    Buffer frame = TrackerReplyCodec.frame(3L, new TrackerReply.Sources(members));
    assertEquals("{\"type\":\"sources\",\"id\":3,\"fileId\":\"f\",\"peers\":[]}", body(frame).getString(1,
        body(frame).length()));
  }

  @Test
  void anErrorWithoutAnIdCarriesNone() throws ProtocolException {
    JsonObject json = Frames.jsonOf(body(TrackerReplyCodec.frame(null,
        new TrackerReply.Error(ErrorCode.BAD_REQUEST, "id must be an integer"))));
    assertEquals(new JsonObject().put("type", "error").put("code", "bad-request")
        .put("message", "id must be an integer"), json);
  }

  @Test
  void anErrorCodeThisVersionDoesNotKnowIsKeptAsUnknown() throws ProtocolException {
    TrackerReply reply = TrackerReplyCodec.decodeReply(new JsonObject().put("type", "error").put("id", 1)
        .put("code", "from-the-future").put("message", "later"));
    assertEquals(new TrackerReply.Error(ErrorCode.UNKNOWN, "later"), reply);
  }

  @Test
  void aReplyOfNoKnownTypeBreaksTheProtocol() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> TrackerReplyCodec.decodeReply(new JsonObject().put("type", "teleported").put("id", 1)));
    assertTrue(e.isLocal(ErrorCode.BAD_FRAME));
    e = assertThrows(ProtocolException.class,
        () -> TrackerReplyCodec.decodeReply(new JsonObject().put("type", "joined").put("peerId", 5)));
    assertTrue(e.isLocal(ErrorCode.BAD_FRAME));
  }

  @Test
  void everyEventRoundTripsThroughItsFrame() throws ProtocolException {
    List<TrackerEvent> events = List.of(
        new TrackerEvent.PeerJoined(new JsonObject().put("id", "p").put("name", "peer-2")),
        new TrackerEvent.PeerLeft("p", "expired"),
        new TrackerEvent.FilesChanged("p"),
        new TrackerEvent.Resync(),
        new TrackerEvent.Cluster(new JsonObject().put("clustered", true).put("node", "n1")));
    for (TrackerEvent event : events) {
      JsonObject json = Frames.jsonOf(body(TrackerReplyCodec.frame(event)));
      assertNull(json.getValue("id"));
      assertEquals(event, TrackerReplyCodec.decodeEvent(json), json.encode());
    }
  }

  @Test
  void anEventOfNoKnownTypeIsNoEvent() {
    assertNull(TrackerReplyCodec.decodeEvent(new JsonObject().put("type", "weather")));
    assertNull(TrackerReplyCodec.decodeEvent(new JsonObject().put("type", "cluster").put("tracker", "x")));
  }

  /** A frame's body: what follows its length. */
  private static Buffer body(Buffer frame) {
    assertEquals(frame.length() - 4, frame.getInt(0));
    return frame.slice(4, frame.length());
  }
}
