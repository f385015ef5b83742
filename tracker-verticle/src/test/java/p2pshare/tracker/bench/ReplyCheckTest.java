package p2pshare.tracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.Frames;

/** The generator counts an answer as good only when it is well formed. */
class ReplyCheckTest {
  private static final String PEER = "{\"peerId\":\"p\",\"name\":\"n\",\"host\":\"h\",\"port\":1,\"partial\":false,"
      + "\"size\":5}";
  private static final String CANDIDATES = ",\"candidates\":[{\"size\":5,\"name\":\"n\",\"sources\":1,"
      + "\"partialSources\":0}]";

  private static Buffer body(String json) {
    return Buffer.buffer().appendByte(Frames.JSON).appendString(json);
  }

  private static ReplyCheck sources(String json) {
    return ReplyCheck.check(body(json), 7, "sources");
  }

  @Test
  void aGoodSourcesReplyCountsItsPeers() {
    ReplyCheck check = sources("{\"type\":\"sources\",\"id\":7,\"fileId\":\"f\",\"peers\":[" + PEER + "," + PEER + "]"
        + CANDIDATES + "}");
    assertNull(check.problem);
    assertEquals(2, check.count);
  }

  @Test
  void badSourcesRepliesAreCaught() {
    assertNotNull(sources("{\"type\":\"sources\",\"id\":8,\"peers\":[" + PEER + "]" + CANDIDATES + "}").problem);
    assertNotNull(sources("{\"type\":\"sources\",\"id\":7,\"peers\":[]" + CANDIDATES + "}").problem);
    assertNotNull(sources("{\"type\":\"sources\",\"id\":7,\"peers\":[" + PEER.replace(",\"size\":5", "") + "]"
        + CANDIDATES + "}").problem);
    assertNotNull(sources("{\"type\":\"sources\",\"id\":7,\"peers\":[" + PEER + "]}").problem);
    assertNotNull(sources("{\"type\":\"error\",\"id\":7,\"code\":\"unknown-file\"}").problem);
    assertNotNull(sources("{\"type\":\"sources\",\"id\":7,\"peers\":[" + PEER).problem);
    assertNotNull(ReplyCheck.check(null, 7, "sources").problem);
  }

  @Test
  void searchRepliesNeedRowsAndMore() {
    String row = "{\"fileId\":\"f\",\"name\":\"n\",\"size\":5,\"sources\":1,\"partialSources\":0}";
    ReplyCheck good = ReplyCheck.check(body("{\"type\":\"files\",\"id\":7,\"files\":[" + row + "],\"more\":false}"),
        7, "files");
    assertNull(good.problem);
    assertEquals(1, good.count);
    assertNotNull(ReplyCheck.check(body("{\"type\":\"files\",\"id\":7,\"files\":[" + row + "]}"), 7, "files").problem);
    assertNotNull(ReplyCheck.check(body("{\"type\":\"files\",\"id\":7,\"files\":[],\"more\":false}"), 7, "files")
        .problem);
  }
}
