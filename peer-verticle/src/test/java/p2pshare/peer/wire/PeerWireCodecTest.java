package p2pshare.peer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pshare.peer.share.Manifest;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

class PeerWireCodecTest {
  private static final Manifest MANIFEST = Manifest.of("a.bin", 40_000, Manifest.MIN_CHUNK_SIZE,
      List.of("1".repeat(64), "2".repeat(64), "3".repeat(64)));
  private static final String FILE_ID = MANIFEST.fileId();

  @Test
  void everyRequestRoundTrips() throws ProtocolException {
    for (WireRequest request : List.of(new WireRequest.Manifest(FILE_ID), new WireRequest.Chunk(FILE_ID, 2),
        new WireRequest.Chunk(FILE_ID, -1))) {
      JsonObject json = PeerWireCodec.encode(request).put("id", 4);
      assertEquals(4, PeerWireCodec.idOf(json));
      assertEquals(request, PeerWireCodec.decodeRequest(json), json.encode());
    }
  }

  @Test
  void everyReplyRoundTrips() throws ProtocolException {
    BitSet have = new BitSet();
    have.set(0);
    have.set(2);
    for (WireReply reply : List.of(new WireReply.Offer(MANIFEST, false, have),
        new WireReply.Offer(MANIFEST, true, new BitSet()), new WireReply.Offer(MANIFEST, null, null),
        new WireReply.Error(ErrorCode.MISSING, "this peer does not have chunk 1 yet"))) {
      JsonObject json = PeerWireCodec.encode(9, reply);
      assertEquals(9, json.getInteger("id"));
      assertEquals(reply, PeerWireCodec.decodeReply(json), json.encode());
    }
  }

  @Test
  void everyPushRoundTrips() {
    for (WirePush push : List.of(new WirePush.Have(FILE_ID, 1), new WirePush.Cancel(17),
        new WirePush.BadChunk(FILE_ID, 0))) {
      JsonObject json = PeerWireCodec.encode(push);
      assertNull(json.getValue("id"));
      assertEquals(push, PeerWireCodec.decodePush(json), json.encode());
    }
  }

  @Test
  void theWireFormatIsTheDocumentedOne() {
    assertEquals(new JsonObject().put("type", "chunk").put("fileId", FILE_ID).put("index", 2),
        PeerWireCodec.encode(new WireRequest.Chunk(FILE_ID, 2)));
    assertEquals(new JsonObject().put("type", "cancel").put("request", 5),
        PeerWireCodec.encode(new WirePush.Cancel(5)));
    BitSet first = new BitSet();
    first.set(0);
    assertEquals(new JsonObject().put("type", "manifest").put("id", 1).put("manifest", MANIFEST.toJson())
        .put("complete", false).put("have", "AQ=="), PeerWireCodec.encode(1, new WireReply.Offer(MANIFEST, false,
        first)));
  }

  @Test
  void malformedRequestsGetTheirErrorCodes() {
    assertNull(PeerWireCodec.idOf(request("manifest").put("id", "1")));
    assertNull(PeerWireCodec.idOf(request("manifest").put("id", 1.5)));
    assertNull(PeerWireCodec.idOf(new JsonObject().put("type", "manifest").put("fileId", FILE_ID)));
    assertCode(ErrorCode.BAD_REQUEST, new JsonObject().put("type", "manifest").put("id", 1));
    assertCode(ErrorCode.BAD_REQUEST, request("manifest").put("fileId", 7));
    assertCode(ErrorCode.BAD_REQUEST, request("manifest").put("fileId", FILE_ID.toUpperCase()));
    assertCode(ErrorCode.BAD_REQUEST, request("chunk").put("fileId", FILE_ID + "0").put("index", 0));
    assertCode(ErrorCode.BAD_INDEX, request("chunk"));
    assertCode(ErrorCode.BAD_INDEX, request("chunk").put("index", "0"));
    assertCode(ErrorCode.BAD_INDEX, request("chunk").put("index", 1L << 40));
    assertCode(ErrorCode.UNKNOWN_TYPE, request("teleport"));
    assertCode(ErrorCode.UNKNOWN_TYPE, request(null));
  }

  @Test
  void answersThatCannotBeReadBreakTheProtocol() {
    assertBroken(new JsonObject().put("type", "manifest").put("id", 1));
    assertBroken(new JsonObject().put("type", "manifest").put("id", 1).put("manifest",
        MANIFEST.toJson().put("size", 1)));
    assertBroken(new JsonObject().put("type", "surprise").put("id", 1));
  }

  @Test
  void unreadableOfferDetailsCountAsAbsentOrEmpty() throws ProtocolException {
    JsonObject json = PeerWireCodec.encode(1, new WireReply.Offer(MANIFEST, null, null)).put("complete", "yes")
        .put("have", "***");
    assertEquals(new WireReply.Offer(MANIFEST, null, new BitSet()), PeerWireCodec.decodeReply(json));
  }

  @Test
  void unreadablePushesAreNone() {
    assertNull(PeerWireCodec.decodePush(new JsonObject().put("type", "cancel").put("request", "3")));
    assertNull(PeerWireCodec.decodePush(new JsonObject().put("type", "have").put("fileId", FILE_ID)));
    assertNull(PeerWireCodec.decodePush(new JsonObject().put("type", "bad-chunk").put("fileId", 1).put("index", 0)));
    assertNull(PeerWireCodec.decodePush(new JsonObject().put("type", "gossip").put("fileId", FILE_ID)
        .put("index", 0)));
  }

  private static void assertCode(ErrorCode expected, JsonObject request) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> PeerWireCodec.decodeRequest(request),
        request.encode());
    assertTrue(e.isRefusal(expected), request.encode() + ": " + e.code());
  }

  private static void assertBroken(JsonObject answer) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> PeerWireCodec.decodeReply(answer),
        answer.encode());
    assertTrue(e.isLocal(ErrorCode.BAD_FRAME), answer.encode() + ": " + e.code());
  }

  private static JsonObject request(String type) {
    return new JsonObject().put("type", type).put("id", 1).put("fileId", FILE_ID);
  }
}
