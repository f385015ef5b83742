package p2pshare.peer.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {
  private static final int CHUNK = 16 * 1024;

  @TempDir
  Path dir;

  private static Map<Path, SharedFile> byPath(List<SharedFile> files) {
    return files.stream().collect(Collectors.toMap(SharedFile::path, f -> f));
  }

  @Test
  void aRestartTrustsTheCacheWhileSizeAndMtimeAreUnchanged() throws Exception {
    Path share = Files.createDirectories(dir.resolve("share"));
    Path file = Files.writeString(share.resolve("a.txt"), "first content");
    ShareScanner scanner = new ShareScanner(List.of(share), CHUNK, 100);
    HashCache cache = new HashCache(dir.resolve("cache.json"));
    List<SharedFile> first = scanner.scan(Map.of());
    cache.save(first);

    // Same size, same mtime, other bytes: only a re-hash could notice, so an unchanged id proves none happened.
    FileTime mtime = Files.getLastModifiedTime(file);
    Files.writeString(file, "other content");
    Files.setLastModifiedTime(file, mtime);
    List<SharedFile> afterRestart = scanner.scan(new HashCache(dir.resolve("cache.json")).load());

    assertEquals(first.get(0).fileId(), afterRestart.get(0).fileId());

    // A new mtime makes the scanner hash again.
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtime.toMillis() + 5_000));
    List<SharedFile> rehashed = scanner.scan(byPath(afterRestart));
    assertNotEquals(first.get(0).fileId(), rehashed.get(0).fileId());
  }

  @Test
  void aCorruptCacheIsIgnored() throws Exception {
    Files.writeString(dir.resolve("cache.json"), "{not json");
    assertTrue(new HashCache(dir.resolve("cache.json")).load().isEmpty());
    assertTrue(new HashCache(dir.resolve("missing.json")).load().isEmpty());
  }

  @Test
  void theCacheRecordsItsVersionAndEachFilesKey() throws Exception {
    Path share = Files.createDirectories(dir.resolve("share"));
    Path file = Files.writeString(share.resolve("a.txt"), "content");
    HashCache cache = new HashCache(dir.resolve("cache.json"));
    cache.save(new ShareScanner(List.of(share), CHUNK, 100).scan(Map.of()));

    JsonObject json = new JsonObject(Files.readString(dir.resolve("cache.json")));
    assertEquals(2, json.getInteger("version"));
    String key = json.getJsonArray("files").getJsonObject(0).getString("fileKey");
    assertNotNull(key);
    assertEquals(FileIdentity.of(file), cache.load().get(file).identity());
  }

  @Test
  void aCacheOfAnOlderVersionIsNotTrustedItsFilesAreHashedAgainAndItIsReplaced() throws Exception {
    Path share = Files.createDirectories(dir.resolve("share"));
    Path file = Files.writeString(share.resolve("a.txt"), "first content");
    ShareScanner scanner = new ShareScanner(List.of(share), CHUNK, 100);
    Path cacheFile = dir.resolve("cache.json");
    List<SharedFile> first = scanner.scan(Map.of());
    new HashCache(cacheFile).save(first);
    // Same size, same mtime, other bytes: a trusted entry would keep the old id.
    FileTime mtime = Files.getLastModifiedTime(file);
    Files.writeString(file, "other content");
    Files.setLastModifiedTime(file, mtime);

    JsonObject versionTwo = new JsonObject(Files.readString(cacheFile));
    JsonObject versionOne = versionTwo.copy();
    versionOne.remove("version");
    versionOne.getJsonArray("files").getJsonObject(0).remove("fileKey");
    for (JsonObject older : List.of(versionOne, versionTwo.copy().put("version", 1))) {
      Files.writeString(cacheFile, older.encode());
      HashCache cache = new HashCache(cacheFile);
      Map<Path, SharedFile> loaded = cache.load();
      assertTrue(loaded.isEmpty());

      List<SharedFile> rescanned = scanner.scan(loaded);
      assertNotEquals(first.get(0).fileId(), rescanned.get(0).fileId());
      cache.save(rescanned);
      assertEquals(rescanned.get(0), new HashCache(cacheFile).load().get(file));
    }
  }

  @Test
  void aRescanRecordsTheKeyOfAFileKnownWithoutOneAndDoesNotHashItAgain() throws Exception {
    Path share = Files.createDirectories(dir.resolve("share"));
    Path file = Files.writeString(share.resolve("a.txt"), "first content");
    ShareScanner scanner = new ShareScanner(List.of(share), CHUNK, 100);
    SharedFile scanned = scanner.scan(Map.of()).get(0);
    assertEquals(FileIdentity.of(file), scanned.identity());
    // A finished download is offered before any scan, known by size and mtime only.
    SharedFile withoutKey = new SharedFile(file, new FileIdentity(scanned.size(), scanned.modifiedMillis(), null), scanned.manifest());

    SharedFile rescanned = scanner.scan(Map.of(file, withoutKey)).get(0);

    assertEquals(FileIdentity.of(file), rescanned.identity());
    assertSame(scanned.manifest(), rescanned.manifest());
  }

  @Test
  void hiddenEntriesAndSymlinksAreNotShared() throws Exception {
    Path share = Files.createDirectories(dir.resolve("share"));
    Files.writeString(share.resolve("visible.txt"), "yes");
    Files.writeString(share.resolve(".hidden"), "no");
    Files.createDirectories(share.resolve(".p2pshare")).resolve("x");
    Files.writeString(share.resolve(".p2pshare").resolve("x.part"), "no");
    Files.writeString(Files.createDirectories(share.resolve("sub")).resolve("nested.txt"), "yes");
    Path outside = Files.writeString(dir.resolve("secret.txt"), "outside the share");
    Files.createSymbolicLink(share.resolve("link.txt"), outside);

    List<String> names = new ShareScanner(List.of(share), CHUNK, 100).scan(Map.of()).stream()
        .map(f -> f.manifest().name()).sorted().toList();

    assertEquals(List.of("nested.txt", "visible.txt"), names);
  }
}
