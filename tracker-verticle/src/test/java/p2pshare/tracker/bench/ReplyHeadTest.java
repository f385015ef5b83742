package p2pshare.tracker.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.Frames;

/** The cheap check every answer gets catches a wrong id, a wrong type and an error, and falls back to a full parse. */
class ReplyHeadTest {
  private static final ReplyHead SOURCES = new ReplyHead("sources");
  private static final ReplyHead FILES = new ReplyHead("files");
  private static final String PEER = "{\"peerId\":\"p\",\"name\":\"n\",\"host\":\"h\",\"port\":1,\"partial\":false,"
      + "\"size\":5}";
  private static final String REST = ",\"fileId\":\"f\",\"peers\":[" + PEER + "],\"candidates\":[{\"size\":5,"
      + "\"name\":\"n\",\"sources\":1,\"partialSources\":0}]}";

  private static Buffer body(String json) {
    return Buffer.buffer().appendByte(Frames.JSON).appendString(json);
  }

  private static Buffer sources(long id) {
    return body("{\"type\":\"sources\",\"id\":" + id + REST);
  }

  @Test
  void aRightHeadPassesWithoutAParse() {
    assertTrue(SOURCES.matches(sources(7), 7));
    assertTrue(SOURCES.matches(sources(1234567890123L), 1234567890123L));
    assertTrue(new ReplyHead("ok").matches(body("{\"type\":\"ok\",\"id\":3}"), 3));
    ReplyCheck check = SOURCES.check(sources(7), 7, false);
    assertNull(check.problem);
    assertFalse(check.parsed);
  }

  @Test
  void aWrongIdIsCaught() {
    assertFalse(SOURCES.matches(sources(8), 7));
    assertFalse(SOURCES.matches(sources(77), 7));
    assertFalse(SOURCES.matches(sources(7), 77));
    assertFalse(SOURCES.matches(body("{\"type\":\"sources\",\"id\":07" + REST), 7));
    assertFalse(SOURCES.matches(body("{\"type\":\"sources\",\"id\":\"7\"" + REST), 7));
    ReplyCheck check = SOURCES.check(sources(8), 7, false);
    assertTrue(check.parsed);
    assertNotNull(check.problem);
  }

  @Test
  void aWrongTypeIsCaught() {
    Buffer files = body("{\"type\":\"files\",\"id\":7,\"files\":[],\"more\":false}");
    assertFalse(SOURCES.matches(files, 7));
    assertNotNull(SOURCES.check(files, 7, false).problem);
    assertFalse(FILES.matches(sources(7), 7));
    assertNotNull(FILES.check(sources(7), 7, false).problem);
    assertFalse(SOURCES.matches(body("{\"type\":\"sourcesx\",\"id\":7" + REST), 7));
  }

  @Test
  void anErrorReplyIsCaughtAndParsed() {
    Buffer error = Frames.json(Frames.error(7L, ErrorCode.UNKNOWN_FILE, "no such file"));
    error = error.slice(4, error.length());
    assertFalse(SOURCES.matches(error, 7));
    ReplyCheck check = SOURCES.check(error, 7, false);
    assertTrue(check.parsed);
    assertNotNull(check.problem);
    assertTrue(check.problem.contains("error"), check.problem);
  }

  @Test
  void brokenFramingAndNoAnswerAreCaught() {
    assertFalse(SOURCES.matches(null, 7));
    assertNotNull(SOURCES.check(null, 7, false).problem);
    Buffer cut = body("{\"type\":\"sources\",\"id\":7,\"peers\":[{\"peerId\":\"p");
    assertFalse(SOURCES.matches(cut, 7));
    assertNotNull(SOURCES.check(cut, 7, false).problem);
    // A body cut just after an inner object still ends in a brace: only a whole parse, the sample's, tells.
    Buffer cutAfterObject = body("{\"type\":\"sources\",\"id\":7,\"peers\":[" + PEER);
    assertNotNull(SOURCES.check(cutAfterObject, 7, true).problem);
    Buffer data = Buffer.buffer().appendByte(Frames.DATA).appendString("{\"type\":\"sources\",\"id\":7" + REST);
    assertFalse(SOURCES.matches(data, 7));
    assertNotNull(SOURCES.check(data, 7, false).problem);
  }

  @Test
  void theSampleIsParsedWholeSoABadBodyBehindARightHeadIsCaught() {
    Buffer emptyPeers = body("{\"type\":\"sources\",\"id\":7,\"peers\":[],\"candidates\":[]}");
    assertTrue(SOURCES.matches(emptyPeers, 7));
    ReplyCheck sampled = SOURCES.check(emptyPeers, 7, true);
    assertTrue(sampled.parsed);
    assertNotNull(sampled.problem);
    ReplyCheck good = SOURCES.check(sources(7), 7, true);
    assertNull(good.problem);
    assertTrue(good.count == 1);
  }

  @Test
  void aGoodReplyWithItsMembersInAnotherOrderPassesThroughTheFullCheck() {
    JsonObject reordered = new JsonObject().put("id", 7).put("type", "files")
        .put("files", new io.vertx.core.json.JsonArray().add(new JsonObject().put("fileId", "f").put("name", "n")
            .put("size", 5).put("sources", 1).put("partialSources", 0)))
        .put("more", false);
    Buffer body = body(reordered.encode());
    assertFalse(FILES.matches(body, 7));
    ReplyCheck check = FILES.check(body, 7, false);
    assertTrue(check.parsed);
    assertNull(check.problem);
  }
}
