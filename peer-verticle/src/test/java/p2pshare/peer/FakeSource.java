package p2pshare.peer;

import static p2pshare.testkit.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.tracker.TrackerAddress;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.peer.wire.PeerWire;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.RpcServer;
import p2pshare.protocol.Frames;

/**
 * A scripted chunk server in its own Vert.x: it serves the true manifest of {@code data} and answers its first
 * {@code goodChunks} chunk requests with the true bytes, every later one with bytes that do not match; or it stays
 * {@link #silent} (takes the connection, answers nothing). It can join a tracker offering the file at any size (a
 * squatter lies about it), and counts the connections and chunk requests it got.
 */
final class FakeSource implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final String name;
  final int port;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger chunkRequests = new AtomicInteger();
  private final byte[] data;
  private final Manifest manifest;
  private final int goodChunks;
  private final boolean silent;
  private TrackerClient tracker;

  private FakeSource(String name, byte[] data, Manifest manifest, int goodChunks, boolean silent) throws Exception {
    this.name = name;
    this.data = data;
    this.manifest = manifest;
    this.goodChunks = goodChunks;
    this.silent = silent;
    this.port = await(vertx.createNetServer().connectHandler(this::accept).listen(0, "127.0.0.1")).actualPort();
  }

  /** Sends {@code goodChunks} true chunks, then only bad ones. */
  static FakeSource serving(String name, byte[] data, Manifest manifest, int goodChunks) throws Exception {
    return new FakeSource(name, data, manifest, goodChunks, false);
  }

  /** Takes connections and never says a word. */
  static FakeSource silent(String name) throws Exception {
    return new FakeSource(name, null, null, 0, true);
  }

  /** This source as a tracker's source entry (peerId = name), offering the file at {@code size}. */
  JsonObject entry(long size) {
    return new JsonObject().put("peerId", name).put("name", name).put("host", "127.0.0.1").put("port", port)
        .put("partial", false).put("size", size);
  }

  /** Joins the tracker as a peer offering the file at {@code size}; waits until joined. */
  FakeSource join(int trackerPort, long size) throws Exception {
    JsonObject file = new JsonObject().put("fileId", manifest.fileId()).put("name", manifest.name())
        .put("size", size);
    Promise<Void> joined = Promise.promise();
    vertx.runOnContext(v -> {
      tracker = new TrackerClient(vertx, List.of(new TrackerAddress("127.0.0.1", trackerPort)),
          name, () -> new JsonObject().put("name", name)
          .put("host", "127.0.0.1").put("port", port).put("files", new JsonArray().add(file)), 1000, 5000)
          .connectionHandler(up -> {
            if (up) {
              joined.tryComplete();
            }
          });
      tracker.start();
    });
    await(joined.future());
    return this;
  }

  private void accept(NetSocket socket) {
    connections.incrementAndGet();
    if (silent) {
      return;
    }
    RpcServer connection = new RpcServer(new FrameChannel(vertx, socket, new FrameChannel.Limits(65536, 0, 0)), 32)
        .serveHello(name);
    connection.requestHandler(request -> {
      int id = request.getInteger("id");
      if (PeerWire.MANIFEST.equals(request.getString("type"))) {
        BitSet all = new BitSet();
        all.set(0, manifest.chunkCount());
        return connection.send(new JsonObject().put("type", PeerWire.MANIFEST).put("id", id)
            .put("manifest", manifest.toJson()).put("complete", true).put("have", PeerWire.bits(all)));
      }
      int index = request.getInteger("index");
      byte[] bytes = Arrays.copyOfRange(data, (int) manifest.offset(index),
          (int) manifest.offset(index) + manifest.length(index));
      if (chunkRequests.incrementAndGet() > goodChunks && bytes.length > 0) {
        bytes[0] ^= 0x5a;
      }
      return socket.write(Frames.dataHeader(id, bytes.length).appendBytes(bytes));
    });
  }

  @Override
  public void close() throws Exception {
    if (tracker != null) {
      Promise<Void> left = Promise.promise();
      vertx.runOnContext(v -> tracker.stop().onComplete(left));
      await(left.future().recover(e -> Future.succeededFuture()));
    }
    await(vertx.close());
  }
}
