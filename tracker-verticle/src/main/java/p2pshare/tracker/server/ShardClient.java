package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.tracker.registry.FileEntry;
import p2pshare.tracker.registry.PeerEntry;
import p2pshare.tracker.registry.SearchOrder;
import p2pshare.tracker.registry.Shards;

/** The front's side of the shard protocol: routes each file to its shard and merges fanned-out searches. */
final class ShardClient {
  private final EventBus bus;
  private final int shards;

  ShardClient(Vertx vertx, int shards) {
    this.bus = vertx.eventBus();
    this.shards = shards;
  }

  /** Records that {@code peer} offers {@code files}, one request per shard involved. */
  Future<Void> add(PeerEntry peer, Collection<FileEntry> files) {
    List<JsonArray> byShard = split(files, FileEntry::fileId, FileEntry::toJson);
    List<Future<?>> sent = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      if (!byShard.get(shard).isEmpty()) {
        sent.add(request(shard, Shards.ADD, new JsonObject().put("peer", peer.toJson())
            .put("files", byShard.get(shard))));
      }
    }
    return Future.all(sent).mapEmpty();
  }

  /** Forgets that {@code peerId} offers these files. */
  Future<Void> remove(String peerId, Collection<String> fileIds) {
    List<JsonArray> byShard = split(fileIds, id -> id, id -> id);
    List<Future<?>> sent = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      if (!byShard.get(shard).isEmpty()) {
        sent.add(request(shard, Shards.REMOVE, new JsonObject().put("peerId", peerId)
            .put("fileIds", byShard.get(shard))));
      }
    }
    return Future.all(sent).mapEmpty();
  }

  /**
   * Asks every shard and keeps the first {@code limit} files in {@code order}: {@code {files, more, total}},
   * {@code total} only when every shard could count its matches.
   */
  Future<JsonObject> search(String q, boolean exact, int limit, SearchOrder order) {
    JsonObject body = new JsonObject().put("q", q).put("exact", exact).put("limit", limit)
        .put("order", order.name());
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      answers.add(request(shard, Shards.SEARCH, body));
    }
    return Future.all(answers).map(all -> {
      List<JsonObject> files = new ArrayList<>();
      boolean more = false;
      Integer total = 0;
      for (Future<JsonObject> answer : answers) {
        JsonObject reply = answer.result();
        reply.getJsonArray("files").forEach(f -> files.add((JsonObject) f));
        more |= reply.getBoolean("more", false);
        Integer counted = reply.getInteger("total");
        total = total == null || counted == null ? null : total + counted;
      }
      files.sort(order.rows());
      more |= files.size() > limit;
      JsonObject result = new JsonObject()
          .put("files", new JsonArray(new ArrayList<>(files.subList(0, Math.min(limit, files.size())))))
          .put("more", more);
      return total == null ? result : result.put("total", total);
    });
  }

  /**
   * The sources of a file except {@code exclude}, as the encoded reply object of the shard that owns it; fails with
   * {@code unknown-file} if there are none.
   */
  Future<Buffer> sources(String fileId, String exclude, int limit) {
    JsonObject body = new JsonObject().put("fileId", fileId).put("exclude", exclude).put("limit", limit);
    return bus.<Buffer>request(Shards.address(Shards.of(fileId, shards)), body,
            new DeliveryOptions().addHeader(Shards.ACTION, Shards.SOURCES))
        .map(Message::body)
        .recover(failure -> {
          if (failure instanceof ReplyException reply && reply.failureCode() == Shards.NOT_FOUND) {
            return Future.failedFuture(ProtocolException.refusal(ErrorCode.UNKNOWN_FILE,
                "no other peer offers " + fileId));
          }
          return Future.failedFuture(failure);
        });
  }

  private Future<JsonObject> request(int shard, String action, JsonObject body) {
    return bus.<JsonObject>request(Shards.address(shard), body, new DeliveryOptions().addHeader(Shards.ACTION, action))
        .map(Message::body);
  }

  private <T> List<JsonArray> split(Collection<T> items, java.util.function.Function<T, String> fileId,
                                    java.util.function.Function<T, Object> encode) {
    List<JsonArray> byShard = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      byShard.add(new JsonArray());
    }
    for (T item : items) {
      byShard.get(Shards.of(fileId.apply(item), shards)).add(encode.apply(item));
    }
    return byShard;
  }
}
