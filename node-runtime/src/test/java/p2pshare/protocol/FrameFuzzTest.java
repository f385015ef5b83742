package p2pshare.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Throws 100,000 random and mutated byte streams at the frame decoder of every connection and the JSON decoder. Whatever arrives, the
 * only outcomes allowed are: frames, a protocol error, or a reported bad frame after which nothing more is read.
 */
class FrameFuzzTest {
  private static final int MAX_FRAME = 64 * 1024;
  private static final int CASES = 100_000;

  private static List<Buffer> seeds() {
    String fileId = "ab".repeat(32);
    List<JsonObject> messages = List.of(
        new JsonObject().put("type", "join").put("id", 1).put("name", "p").put("host", "127.0.0.1").put("port", 7)
            .put("files", new JsonArray().add(new JsonObject().put("fileId", fileId).put("name", "a").put("size", 3))),
        new JsonObject().put("type", "heartbeat").put("id", 2),
        new JsonObject().put("type", "search").put("id", 3).put("q", "a").put("limit", 5),
        new JsonObject().put("type", "sources").put("id", 4).put("fileId", fileId),
        new JsonObject().put("type", "chunk").put("id", 5).put("fileId", fileId).put("index", 0));
    List<Buffer> frames = new ArrayList<>();
    messages.forEach(m -> frames.add(Frames.json(m)));
    frames.add(Frames.dataHeader(9, 4).appendString("data"));
    return frames;
  }

  private static Buffer mutate(Random random, List<Buffer> seeds) {
    Buffer input = Buffer.buffer();
    int frames = 1 + random.nextInt(3);
    for (int i = 0; i < frames; i++) {
      input.appendBuffer(seeds.get(random.nextInt(seeds.size())));
    }
    byte[] bytes = input.getBytes();
    switch (random.nextInt(6)) {
      case 0 -> { // random bytes
        bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
      }
      case 1 -> { // flip bits
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)); // truncate
      case 3 -> { // absurd, negative or huge length prefix
        int[] lengths = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, MAX_FRAME + 1, random.nextInt()};
        int length = lengths[random.nextInt(lengths.length)];
        bytes[0] = (byte) (length >>> 24);
        bytes[1] = (byte) (length >>> 16);
        bytes[2] = (byte) (length >>> 8);
        bytes[3] = (byte) length;
      }
      case 4 -> { // garbage in the middle
        int at = random.nextInt(bytes.length);
        bytes[at] = (byte) random.nextInt(256);
        if (at + 1 < bytes.length) {
          bytes[at + 1] = (byte) '}';
        }
      }
      default -> { } // valid, only split oddly below
    }
    return Buffer.buffer(bytes);
  }

  @Test
  void randomAndMutatedStreamsNeverBreakTheDecoder() {
    Random random = new Random(20261122);
    List<Buffer> seeds = seeds();
    int frames = 0;
    int protocolErrors = 0;
    int badFrames = 0;
    for (int c = 0; c < CASES; c++) {
      Buffer input = mutate(random, seeds);
      DecoderHarness stream = new DecoderHarness(MAX_FRAME, MAX_FRAME);
      List<Buffer> bodies = stream.bodies;
      List<String> errors = stream.errors;
      int at = 0;
      while (at < input.length()) {
        int piece = Math.min(input.length() - at, 1 + random.nextInt(64));
        if (!stream.push(input.slice(at, at + piece))) {
          break; // the reader stopped reading: the owner closes the connection
        }
        at += piece;
      }
      stream.decoder.abandon(buffer -> { }); // the peer goes away, often in the middle of a frame
      assertTrue(errors.size() <= 1, "a bad frame is reported once");
      badFrames += errors.size();
      for (Buffer body : bodies) {
        assertTrue(body.length() >= 1 && body.length() <= MAX_FRAME + Frames.DATA_PREFIX);
        frames++;
        try {
          JsonObject json = Frames.jsonOf(body);
          assertTrue(json != null);
        } catch (ProtocolException e) {
          assertTrue(e.code().wire() != null && e.getMessage() != null);
          protocolErrors++;
        }
      }
    }
    assertTrue(frames > CASES / 2, "the mutations still produce frames to decode: " + frames);
    assertTrue(protocolErrors > 1000 && badFrames > 1000, protocolErrors + " / " + badFrames);
  }

  @Test
  void validFramesSplitAnywhereComeOutWhole() {
    Random random = new Random(7);
    List<Buffer> seeds = seeds();
    for (int c = 0; c < 2_000; c++) {
      Buffer input = Buffer.buffer();
      List<Buffer> sent = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(5); i++) {
        Buffer frame = seeds.get(random.nextInt(seeds.size()));
        sent.add(frame.slice(4, frame.length()));
        input.appendBuffer(frame);
      }
      DecoderHarness stream = new DecoderHarness(MAX_FRAME, MAX_FRAME);
      List<Buffer> bodies = stream.bodies;
      for (int at = 0; at < input.length(); ) {
        int piece = Math.min(input.length() - at, 1 + random.nextInt(20));
        stream.push(input.slice(at, at + piece));
        at += piece;
      }
      assertEquals(sent, bodies);
    }
  }
}
