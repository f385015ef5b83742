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
  void refusesEverythingElseWith400() {
    for (String body : new String[] {"", "nope", "[]", "\"a.bin\"", "42", "null", "{}", "{\"name\":\"\"}",
        "{\"fileId\":null}", "{\"name\":[\"a\"]}", "{\"name\":\"a\",\"fileId\":\"b\"}", "{\"name\":\"a\""}) {
      ApiError error = assertThrows(ApiError.class, () -> DownloadRequest.parse(Buffer.buffer(body)), body);
      assertEquals(400, error.status(), body);
    }
    assertEquals(400, assertThrows(ApiError.class, () -> DownloadRequest.parse(null)).status());
  }
}
