package p2pshare.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
  private DecoderHarness stream;
  private List<Buffer> bodies;
  private List<String> errors;

  private void reader(int maxFrameBytes) {
    stream = new DecoderHarness(maxFrameBytes, maxFrameBytes - Frames.DATA_PREFIX);
    bodies = stream.bodies;
    errors = stream.errors;
  }

  @Test
  void jsonFrameRoundTripsEvenWhenSplitIntoSingleBytes() throws ProtocolException {
    reader(1024);
    JsonObject message = new JsonObject().put("type", "join").put("id", 1).put("name", "ünïcode");
    Buffer frame = Frames.json(message);
    for (int i = 0; i < frame.length(); i++) {
      stream.push(frame.slice(i, i + 1));
    }
    assertEquals(1, bodies.size());
    assertEquals(message, Frames.jsonOf(bodies.get(0)));
  }

  @Test
  void twoFramesInOneChunkGiveTwoBodies() throws ProtocolException {
    reader(1024);
    stream.push(Buffer.buffer().appendBuffer(Frames.json(new JsonObject().put("n", 1)))
        .appendBuffer(Frames.json(new JsonObject().put("n", 2))));
    assertEquals(2, bodies.size());
    assertEquals(2, Frames.jsonOf(bodies.get(1)).getInteger("n"));
  }

  @Test
  void dataFrameRoundTrips() {
    reader(1024);
    byte[] payload = "chunk".getBytes(StandardCharsets.UTF_8);
    stream.push(Frames.dataHeader(42, payload.length).appendBytes(payload));
    Buffer body = bodies.get(0);
    assertEquals(Frames.DATA, Frames.kind(body));
    assertEquals(42, body.getInt(1));
    assertEquals("chunk", body.slice(Frames.DATA_PREFIX, body.length()).toString());
  }

  @Test
  void zeroLengthIsRejected() {
    reader(1024);
    stream.push(Buffer.buffer().appendInt(0));
    assertEquals(1, errors.size());
    assertTrue(bodies.isEmpty());
  }

  @Test
  void negativeLengthIsRejectedAsUnsigned() {
    reader(1024);
    stream.push(Buffer.buffer().appendInt(-1).appendString("xx"));
    assertEquals(List.of("frame length 4294967295 outside 1..1024"), errors);
  }

  @Test
  void oversizedLengthIsRejectedBeforeTheBodyArrives() {
    reader(1024);
    stream.push(Buffer.buffer().appendInt(1025));
    assertEquals(1, errors.size());
    stream.push(Frames.json(new JsonObject()));
    assertTrue(bodies.isEmpty(), "nothing is read after a broken frame");
  }

  @Test
  void truncatedFrameEmitsNothing() {
    reader(1024);
    Buffer frame = Frames.json(new JsonObject().put("type", "heartbeat"));
    stream.push(frame.slice(0, frame.length() - 1));
    assertTrue(bodies.isEmpty());
    assertTrue(errors.isEmpty());
  }

  @Test
  void bodiesThatAreNotJsonObjectsAreRefused() {
    for (String text : List.of("[1,2]", "42", "\"text\"", "null", "{\"a\":", "garbage", "{} trailing", "")) {
      Buffer body = Buffer.buffer().appendByte(Frames.JSON).appendString(text);
      ProtocolException e = assertThrows(ProtocolException.class, () -> Frames.jsonOf(body), text);
      assertTrue(e.code().wire().equals("bad-request") || e.code().wire().equals("bad-frame"), text);
    }
  }

  @Test
  void unknownFrameKindIsRefused() {
    Buffer body = Buffer.buffer().appendByte((byte) 7).appendString("{}");
    assertEquals("bad-frame", assertThrows(ProtocolException.class, () -> Frames.jsonOf(body)).code().wire());
    Buffer data = Frames.dataHeader(1, 2).appendString("{}").slice(4, 11);
    assertEquals("bad-frame", assertThrows(ProtocolException.class, () -> Frames.jsonOf(data)).code().wire());
  }
}
