package p2pshare.tracker.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import p2pshare.tracker.TrackerVerticle;

/** Starts a tracker on a free port and makes file entries for tests. */
final class TrackerFixture {
  private TrackerFixture() {
  }

  /** Deploys a tracker with two shards on 127.0.0.1 and a free port, plus {@code overrides}; returns its port. */
  static int start(Vertx vertx, JsonObject overrides) {
    TrackerVerticle tracker = new TrackerVerticle();
    JsonObject config = new JsonObject().put("port", 0).put("httpPort", 0).put("shards", 2).put("warmUp", false)
        // Its clients pretend to be peers and listen nowhere: a probe would list them all behind NAT.
        .put("probeReachability", false)
        .mergeIn(overrides);
    try {
      vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the tracker did not start: " + e, e);
    }
    return tracker.actualPort();
  }

  static int start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  /** A file entry whose fileId is derived from {@code content}, so equal content gives an equal fileId. */
  static JsonObject file(String content, String name, long size) {
    return new JsonObject().put("fileId", fileId(content)).put("name", name).put("size", size);
  }

  static String fileId(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
