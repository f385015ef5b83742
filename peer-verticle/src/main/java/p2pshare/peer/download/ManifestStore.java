package p2pshare.peer.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import p2pshare.peer.share.Manifest;

/**
 * Keeps the manifest of an unfinished download next to its part file, so a resume needs no source to start. The
 * file is {@code {"version": 2, "manifest": {...}}}; a bare manifest (version 1) is read too. Either way a manifest
 * is used only if it still hashes to its fileId.
 */
final class ManifestStore {
  static final int VERSION = 2;

  private ManifestStore() {
  }

  static Path path(Path dir, String fileId) {
    return dir.resolve(fileId + ".manifest.json");
  }

  /** The saved manifest of {@code fileId}, or null; one that no longer checks out is ignored. */
  static Future<Manifest> load(Vertx vertx, Path dir, String fileId) {
    return vertx.executeBlocking(() -> {
      try {
        JsonObject saved = new JsonObject(Buffer.buffer(Files.readAllBytes(path(dir, fileId))));
        Object version = saved.getValue("version");
        if (version != null && !Integer.valueOf(VERSION).equals(version)) {
          return null; // a format this version does not know: fetch the manifest again
        }
        Manifest manifest = Manifest.fromJson(version == null ? saved : saved.getJsonObject("manifest"));
        return manifest.fileId().equals(fileId) ? manifest : null;
      } catch (NoSuchFileException e) {
        return null;
      } catch (RuntimeException e) {
        return null;
      }
    }, false);
  }

  static Future<Void> save(Vertx vertx, Path dir, Manifest manifest) {
    return vertx.fileSystem().writeFile(path(dir, manifest.fileId()).toString(), new JsonObject().put("version", VERSION).put("manifest", manifest.toJson()).toBuffer());
  }
}
