package p2pshare.protocol.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

class TrackerCodecTest {
  private static final String FILE_ID = "ab".repeat(32);
  private static final String OTHER_ID = "cd".repeat(32);
  private static final String PEER_ID = "0f0f0f0f-1a2b-3c4d-5e6f-0123456789ab";
  private static final String SECRET = "5e0a".repeat(8);
  private final TrackerCodec codec = new TrackerCodec(3);

  private static FileEntry file(String fileId, String name) {
    return new FileEntry(fileId, name, 10);
  }

  @Test
  void everyRequestRoundTrips() throws ProtocolException {
    List<TrackerRequest> requests = List.of(
        new TrackerRequest.Join("peer-1", "127.0.0.1", 7001,
            List.of(file(FILE_ID, "a.bin"), new FileEntry(OTHER_ID, "b.iso", 4_194_304, true, 1)), null, null),
        new TrackerRequest.Join("peer-1", "example.org", 65535, List.of(), PEER_ID, SECRET),
        new TrackerRequest.Heartbeat(),
        new TrackerRequest.Update(List.of(file(FILE_ID, "a.bin")), List.of(OTHER_ID)),
        new TrackerRequest.Have(new FileEntry(FILE_ID, "a.bin", 10, true, 0)),
        new TrackerRequest.Search("b.iso", true, 50, "-size"),
        new TrackerRequest.Sources(FILE_ID, 200),
        new TrackerRequest.Peers(1),
        new TrackerRequest.Watch(),
        new TrackerRequest.Leave());
    for (TrackerRequest request : requests) {
      JsonObject json = TrackerCodec.encode(request).put("id", 7);
      assertEquals(request.type(), TrackerCodec.typeOf(json));
      assertEquals(request, codec.decode(json), json.encode());
    }
  }

  @Test
  void absentFieldsTakeTheProtocolsDefaults() throws ProtocolException {
    assertEquals(new TrackerRequest.Search("", false, 500, "name"), codec.decode(request("search")));
    assertEquals(new TrackerRequest.Sources(FILE_ID, 50), codec.decode(request("sources").put("fileId", FILE_ID)));
    assertEquals(new TrackerRequest.Peers(500), codec.decode(request("peers")));
    assertEquals(new TrackerRequest.Update(List.of(), List.of()), codec.decode(request("update")));
    assertEquals(new TrackerRequest.Have(new FileEntry(FILE_ID, "a", 1)),
        codec.decode(request("have").put("file", entry(FILE_ID, "a").put("size", 1).put("chunks", 5))));
  }

  @Test
  void limitsAboveTheMaximumAreCappedNotRefused() throws ProtocolException {
    assertEquals(500, ((TrackerRequest.Search) codec.decode(request("search").put("limit", 10_000))).limit());
    assertEquals(200, ((TrackerRequest.Sources) codec.decode(request("sources").put("fileId", FILE_ID)
        .put("limit", Long.MAX_VALUE))).limit());
  }

  @Test
  void aFileListedTwiceKeepsItsLastEntry() throws ProtocolException {
    JsonObject update = request("update").put("add", new JsonArray().add(entry(FILE_ID, "old"))
        .add(entry(OTHER_ID, "b")).add(entry(FILE_ID, "new")));
    assertEquals(List.of(file(FILE_ID, "new"), file(OTHER_ID, "b")),
        ((TrackerRequest.Update) codec.decode(update)).add());
  }

  @Test
  void theIdAndTypeAreCheckedFirst() {
    assertCode(ErrorCode.BAD_REQUEST, new JsonObject().put("type", "heartbeat"));
    assertCode(ErrorCode.BAD_REQUEST, new JsonObject().put("type", "heartbeat").put("id", "1"));
    assertCode(ErrorCode.BAD_REQUEST, new JsonObject().put("type", "heartbeat").put("id", 1.0));
    assertCode(ErrorCode.BAD_REQUEST, new JsonObject().put("id", 1));
    assertCode(ErrorCode.BAD_REQUEST, new JsonObject().put("id", 1).put("type", 5));
    assertCode(ErrorCode.UNKNOWN_TYPE, request("teleport"));
    assertEquals(1L << 40, TrackerCodec.idOf(request("heartbeat").put("id", 1L << 40)));
    assertNull(TrackerCodec.idOf(request("heartbeat").put("id", "7")));
  }

  @Test
  void missingFieldsAreBadRequests() {
    JsonObject join = join();
    for (String field : List.of("name", "host", "port", "files")) {
      JsonObject without = join.copy();
      without.remove(field);
      assertCode(ErrorCode.BAD_REQUEST, without);
    }
    assertCode(ErrorCode.BAD_REQUEST, request("have"));
    assertCode(ErrorCode.BAD_REQUEST, request("sources"));
    assertCode(ErrorCode.BAD_REQUEST, request("have").put("file", new JsonObject().put("fileId", FILE_ID)
        .put("name", "a")));
    assertCode(ErrorCode.BAD_REQUEST, join().put("peerId", PEER_ID));
  }

  @Test
  void fieldsOfTheWrongTypeAreBadRequests() {
    assertCode(ErrorCode.BAD_REQUEST, join().put("port", "7001"));
    assertCode(ErrorCode.BAD_REQUEST, join().put("port", 7001.0));
    assertCode(ErrorCode.BAD_REQUEST, join().put("name", 5));
    assertCode(ErrorCode.BAD_REQUEST, join().put("files", new JsonObject()));
    assertCode(ErrorCode.BAD_REQUEST, join().put("files", new JsonArray().add("not an entry")));
    assertCode(ErrorCode.BAD_REQUEST, request("search").put("exact", "yes"));
    assertCode(ErrorCode.BAD_REQUEST, request("search").put("q", 1));
    assertCode(ErrorCode.BAD_REQUEST, request("search").put("limit", "9"));
    assertCode(ErrorCode.BAD_REQUEST, request("update").put("remove", new JsonArray().add(1)));
    assertCode(ErrorCode.BAD_REQUEST, request("have").put("file", entry(FILE_ID, "a").put("partial", "true")));
  }

  @Test
  void valuesOutOfRangeAreBadRequests() {
    assertCode(ErrorCode.BAD_REQUEST, join().put("port", 0));
    assertCode(ErrorCode.BAD_REQUEST, join().put("port", 65536));
    assertCode(ErrorCode.BAD_REQUEST, join().put("port", new java.math.BigInteger("99999999999999999999")));
    assertCode(ErrorCode.BAD_REQUEST, request("search").put("limit", 0));
    assertCode(ErrorCode.BAD_REQUEST, request("search").put("sort", "date"));
    assertCode(ErrorCode.BAD_REQUEST, request("sources").put("fileId", FILE_ID.toUpperCase()));
    assertCode(ErrorCode.BAD_REQUEST, request("sources").put("fileId", "ab"));
    assertCode(ErrorCode.BAD_REQUEST, request("have").put("file", entry(FILE_ID, "a").put("size", -1)));
    assertCode(ErrorCode.BAD_REQUEST, request("have").put("file", entry(FILE_ID, "a").put("chunks", -1)));
    assertCode(ErrorCode.BAD_REQUEST, join().put("peerId", "not-a-uuid").put("secret", SECRET));
    assertCode(ErrorCode.BAD_REQUEST, join().put("peerId", PEER_ID).put("secret", "short"));
  }

  @Test
  void namesTooLongOrEmptyAreBadRequests() throws ProtocolException {
    String longest = "é".repeat(TrackerCodec.MAX_NAME_BYTES / 2) + "x";
    assertEquals(longest, ((TrackerRequest.Join) codec.decode(join().put("name", longest))).name());
    assertCode(ErrorCode.BAD_REQUEST, join().put("name", longest + "x"));
    assertCode(ErrorCode.BAD_REQUEST, join().put("name", ""));
    assertCode(ErrorCode.BAD_REQUEST, join().put("host", "h".repeat(256)));
    assertCode(ErrorCode.BAD_REQUEST, request("have").put("file", entry(FILE_ID, "n".repeat(256))));
  }

  @Test
  void listsLongerThanAllowedAreLimitRefusals() {
    JsonArray four = new JsonArray();
    for (int i = 0; i < 4; i++) {
      four.add(entry(String.format("%064x", i), "f" + i));
    }
    assertCode(ErrorCode.LIMIT, join().put("files", four));
    assertCode(ErrorCode.LIMIT, request("update").put("add", four));
    assertCode(ErrorCode.LIMIT, request("update").put("remove", new JsonArray(List.of(FILE_ID, FILE_ID, FILE_ID,
        FILE_ID))));
  }

  @Test
  void refusalsCarryTheirCodeAsARefusal() {
    ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(join().put("port", 0)));
    assertTrue(e.isRefusal(ErrorCode.BAD_REQUEST));
    assertEquals("port must be 1..65535", e.getMessage());
  }

  private void assertCode(ErrorCode expected, JsonObject message) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(message), message.encode());
    assertEquals(expected, e.code(), message.encode() + ": " + e.getMessage());
    assertTrue(e.refused());
  }

  private static JsonObject request(String type) {
    return new JsonObject().put("type", type).put("id", 1);
  }

  private static JsonObject entry(String fileId, String name) {
    return new JsonObject().put("fileId", fileId).put("name", name).put("size", 10);
  }

  private static JsonObject join() {
    return request("join").put("name", "peer-1").put("host", "127.0.0.1").put("port", 7001)
        .put("files", new JsonArray().add(entry(FILE_ID, "a.bin")));
  }
}
