package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Bans are kept on disk, hold for their time only, are per file and per name, host and port, and are bounded. */
@ExtendWith(VertxExtension.class)
class BanListTest {
  private static final String FILE = "a".repeat(64);
  private static final String OTHER_FILE = "b".repeat(64);
  private static final long DAY = 86_400_000L;

  @TempDir
  Path dir;

  private final AtomicLong now = new AtomicLong(1_000_000);

  private static <T> T on(Vertx vertx, Supplier<Future<T>> call) throws Exception {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(result));
    return result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private BanList loaded(Vertx vertx) throws Exception {
    BanList bans = BanList.at(vertx, dir.resolve("bans.json"), DAY, now::get);
    on(vertx, bans::loaded);
    return bans;
  }

  @Test
  void aBanOutlivesARestartUntilItExpires(Vertx vertx) throws Exception {
    BanList.Key liar = new BanList.Key(FILE, "liar", "127.0.0.1", 7000);
    BanList first = loaded(vertx);
    on(vertx, () -> {
      first.ban(liar);
      return first.flushed();
    });
    assertEquals(1, new JsonObject(Files.readString(dir.resolve("bans.json"))).getInteger("version"));

    BanList second = loaded(vertx);
    assertTrue(second.banned(liar), "read back after a restart");
    assertFalse(second.banned(new BanList.Key(FILE, "liar", "127.0.0.1", 7001)), "another port is another source");
    assertFalse(second.banned(new BanList.Key(FILE, "honest", "127.0.0.1", 7000)), "another name too");
    assertFalse(second.banned(new BanList.Key(OTHER_FILE, "liar", "127.0.0.1", 7000)), "a ban is for one file");

    now.addAndGet(DAY);
    assertFalse(second.banned(liar), "expired");
    assertFalse(loaded(vertx).banned(liar), "an expired ban is not read back");
  }

  @Test
  void anUnreadableOrUnknownFileBansNothing(Vertx vertx) throws Exception {
    Files.writeString(dir.resolve("bans.json"), "{not json");
    assertEquals(0, loaded(vertx).size());
    Files.writeString(dir.resolve("bans.json"), "{\"version\": 99, \"bans\": []}");
    assertEquals(0, loaded(vertx).size());
  }

  @Test
  void theListIsBounded(Vertx vertx) throws Exception {
    BanList bans = loaded(vertx);
    on(vertx, () -> {
      for (int i = 0; i < BanList.MAX_BANS + 10; i++) {
        now.incrementAndGet();
        bans.ban(new BanList.Key(FILE, "liar-" + i, "127.0.0.1", 1000 + i));
      }
      return bans.flushed();
    });
    assertEquals(BanList.MAX_BANS, bans.size());
    assertFalse(bans.banned(new BanList.Key(FILE, "liar-0", "127.0.0.1", 1000)), "the first to expire went first");
    assertTrue(bans.banned(new BanList.Key(FILE, "liar-" + (BanList.MAX_BANS + 9), "127.0.0.1",
        1000 + BanList.MAX_BANS + 9)));
  }
}
