package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sources that sent a chunk whose bytes do not match its hash, banned from that file until their ban expires
 * (libtorrent's smart-ban, with exact blame: each chunk comes from one source). A source is its name, host and port,
 * not its address alone (many honest peers share one address behind NAT or on loopback) nor its peerId (new at each
 * join). Kept in {@code downloadDir/.p2pshare/bans.json}, {@code {"version": 1, "bans": [{fileId, name, host, port,
 * until}]}}, written to a temporary file and moved into place on a worker thread, so bans hold across restarts of the
 * download and of the node. At most {@link #MAX_BANS} are kept (those expiring first go first). Use it from the
 * download engine's event loop only.
 */
final class BanList {
  static final int VERSION = 1;
  /** Bans kept at most: a swarm of liars cannot grow the file without end. */
  static final int MAX_BANS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(BanList.class);

  /** A banned source of one file. */
  record Key(String fileId, String name, String host, int port) {
    static Key of(String fileId, Source source) {
      return new Key(fileId, nameOf(source.name), source.host, source.port);
    }

    /** The key of a tracker's source entry; null for one without a host or port (never connected to anyway). */
    static Key of(String fileId, JsonObject peer) {
      return peer.getValue("host") instanceof String host && peer.getValue("port") instanceof Integer port
          ? new Key(fileId, nameOf(peer.getValue("name")), host, port) : null;
    }

    private static String nameOf(Object name) {
      return name instanceof String s ? s : "";
    }
  }

  private final Vertx vertx;
  private final Path file;
  private final long banMillis;
  private final LongSupplier clock;
  private final Map<Key, Long> until = new HashMap<>();
  private final Future<Void> loaded;
  private Future<Void> saving = Future.succeededFuture();
  private boolean saveAgain;

  private BanList(Vertx vertx, Path file, long banMillis, LongSupplier clock) {
    this.vertx = vertx;
    this.file = file;
    this.banMillis = banMillis;
    this.clock = clock;
    this.loaded = file == null ? Future.succeededFuture()
        : vertx.executeBlocking(this::read, false).map(read -> {
          read.forEach(until::putIfAbsent); // a ban made while loading stands
          return null;
        });
  }

  /** Bans kept in {@code file}, loaded from it now (see {@link #loaded}). */
  static BanList at(Vertx vertx, Path file, long banMillis) {
    return new BanList(vertx, file, banMillis, System::currentTimeMillis);
  }

  /** As {@link #at(Vertx, Path, long)}, with the time from {@code clock} (epoch milliseconds; tests move it on). */
  static BanList at(Vertx vertx, Path file, long banMillis, LongSupplier clock) {
    return new BanList(vertx, file, banMillis, clock);
  }

  /** Bans kept in memory only, for transfers run without an engine (tests). */
  static BanList inMemory(Vertx vertx, long banMillis) {
    return new BanList(vertx, null, banMillis, System::currentTimeMillis);
  }

  /** Completes once the saved bans are read (an unreadable file counts as none). */
  Future<Void> loaded() {
    return loaded.recover(e -> Future.succeededFuture());
  }

  boolean banned(Key key) {
    Long end = key == null ? null : until.get(key);
    if (end != null && end <= clock.getAsLong()) {
      until.remove(key);
      return false;
    }
    return end != null;
  }

  /** Bans {@code key} for the configured time from now, and saves the list. */
  void ban(Key key) {
    until.put(key, clock.getAsLong() + banMillis);
    if (until.size() > MAX_BANS) {
      until.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(e -> until.remove(e.getKey()));
    }
    save();
  }

  int size() {
    return until.size();
  }

  /** Completes once every ban made so far is on disk. */
  Future<Void> flushed() {
    Future<Void> current = saving;
    return current.recover(e -> Future.succeededFuture())
        .compose(v -> saving == current ? Future.succeededFuture() : flushed());
  }

  /** Writes the list; a write asked for while one runs is done once after it, with the list as it is then. */
  private void save() {
    if (file == null) {
      return;
    }
    if (!saving.isComplete()) {
      saveAgain = true;
      return;
    }
    long now = clock.getAsLong();
    JsonArray bans = new JsonArray();
    until.forEach((key, end) -> {
      if (end > now) {
        bans.add(new JsonObject().put("fileId", key.fileId()).put("name", key.name()).put("host", key.host())
            .put("port", key.port()).put("until", end));
      }
    });
    Buffer content = new JsonObject().put("version", VERSION).put("bans", bans).toBuffer();
    saving = vertx.executeBlocking(() -> {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, content.getBytes());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return null;
    }, false).<Void>mapEmpty().andThen(ar -> {
      if (ar.failed()) {
        log.warn("could not save the banned sources to {}: {}", file, ar.cause().toString());
      }
      if (saveAgain) {
        saveAgain = false;
        save();
      }
    });
  }

  /** The bans on disk that have not expired; an unreadable file or one of another version counts as none. Blocking. */
  private Map<Key, Long> read() {
    Map<Key, Long> read = new HashMap<>();
    try {
      JsonObject json = new JsonObject(Buffer.buffer(Files.readAllBytes(file)));
      if (!Integer.valueOf(VERSION).equals(json.getValue("version"))) {
        log.warn("ignoring banned sources in {}: unknown format version {}", file, json.getValue("version"));
        return read;
      }
      long now = clock.getAsLong();
      JsonArray bans = json.getJsonArray("bans", new JsonArray());
      for (int i = 0; i < bans.size(); i++) {
        JsonObject ban = bans.getJsonObject(i);
        Key key = Key.of(ban.getString("fileId"), ban);
        long end = ban.getLong("until", 0L);
        if (key != null && key.fileId() != null && end > now) {
          read.put(key, end);
        }
      }
    } catch (NoSuchFileException e) {
      return read;
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring unreadable banned sources in {}: {}", file, e.toString());
      return new HashMap<>();
    }
    if (read.size() > MAX_BANS) {
      read.entrySet().stream().sorted(Map.Entry.<Key, Long>comparingByValue().reversed()).skip(MAX_BANS)
          .map(Map.Entry::getKey).toList().forEach(read::remove);
    }
    return read;
  }
}
