package p2pshare.dashboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DownloadRequestTest {
  @Test
  void acceptsExactlyOneNonEmptyField() {
    assertEquals(new JsonObject().put("name", "a.bin"), DownloadRequest.parse(Buffer.buffer("{\"name\":\"a.bin\"}")));
    assertEquals(new JsonObject().put("fileId", "ab"), DownloadRequest.parse(Buffer.buffer("{\"fileId\":\"ab\"}")));
  }

  @Test
  void aLinkBecomesItsFileId() {
    String id = "ab".repeat(32);
    for (String link : new String[] {"p2pshare:" + id, "p2pshare:" + id + "?name=a%20b.iso&size=12",
        "  P2PSHARE:" + id.toUpperCase() + "?size=0&x=y  "}) {
      assertEquals(new JsonObject().put("fileId", id),
          DownloadRequest.parse(new JsonObject().put("link", link).toBuffer()), link);
    }
  }

  @Test
  void aLinkIsReadWithItsNameAndSize() {
    FileLink link = FileLink.parse("p2pshare:" + "0".repeat(64) + "?name=%C3%A9t%C3%A9%20%26%20co.mp3&size=4096");
    assertEquals(new FileLink("0".repeat(64), "été & co.mp3", 4096L), link);
    assertEquals(new FileLink("0".repeat(64), null, null), FileLink.parse("p2pshare:" + "0".repeat(64)));
  }

  @Test
  void aBadLinkIsRefusedSayingWhy() {
    String id = "0".repeat(64);
    String[][] cases = {
        {"http://x/" + id, "link must start with p2pshare:"},
        {"p2pshare:" + id.substring(1), "the link's fileId must be 64 hex digits"},
        {"p2pshare:" + id + "/../x", "the link's fileId must be 64 hex digits"},
        {"p2pshare:" + id + "?size=-1", "the link's size must be a whole number of bytes"},
        {"p2pshare:" + id + "?size=lots", "the link's size must be a whole number of bytes"},
        {"p2pshare:" + id + "?name=%E0%A4", "the link has a badly percent-encoded parameter"},
        {"p2pshare:" + id + "?name=%zz", "the link has a badly percent-encoded parameter"}};
    for (String[] c : cases) {
      ApiError error = assertThrows(ApiError.class,
          () -> DownloadRequest.parse(new JsonObject().put("link", c[0]).toBuffer()), c[0]);
      assertEquals(400, error.status(), c[0]);
      assertEquals(c[1], error.getMessage(), c[0]);
    }
  }

  @Test
  void refusesEverythingElseWith400() {
    for (String body : new String[] {"", "nope", "[]", "\"a.bin\"", "42", "null", "{}", "{\"name\":\"\"}",
        "{\"fileId\":null}", "{\"name\":[\"a\"]}", "{\"name\":\"a\",\"fileId\":\"b\"}", "{\"name\":\"a\"",
        "{\"link\":\"p2pshare:x\"}", "{\"link\":7}", "{\"link\":\"p2pshare:" + "0".repeat(64) + "\",\"name\":\"a\"}"}) {
      ApiError error = assertThrows(ApiError.class, () -> DownloadRequest.parse(Buffer.buffer(body)), body);
      assertEquals(400, error.status(), body);
    }
    assertEquals(400, assertThrows(ApiError.class, () -> DownloadRequest.parse(null)).status());
  }
}
