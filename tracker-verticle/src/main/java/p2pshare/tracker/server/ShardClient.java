package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.FileEntry;
import p2pshare.protocol.tracker.TrackerReply;
import p2pshare.tracker.registry.PeerEntry;
import p2pshare.tracker.registry.SearchOrder;
import p2pshare.tracker.registry.ShardCodec;
import p2pshare.tracker.registry.ShardRequest;
import p2pshare.tracker.registry.Shards;
import p2pshare.tracker.registry.SwarmRegistry;

/**
 * The front's way to the swarm registry. With {@code shards} 0 the registry lives on the front's own event loop and
 * every call is answered at once, in the caller's turn: no hand-off to another thread, and the replies of requests
 * read together are flushed together. Otherwise it routes each file to its shard and merges fanned-out searches;
 * requests and answers are then {@link ShardRequest} records and registry results, passed by reference
 * ({@link ShardCodec}).
 */
final class ShardClient {
  private final EventBus bus;
  private final int shards;
  private final SwarmRegistry inline;

  /** @param shards the number of shard verticles deployed, or 0 for the registry on the caller's event loop */
  ShardClient(Vertx vertx, int shards) {
    this.bus = vertx.eventBus();
    this.shards = shards;
    this.inline = shards == 0 ? new SwarmRegistry() : null;
    ShardCodec.register(bus);
  }

  /** The registry on the front's own event loop, or null when it lives in shard verticles. */
  SwarmRegistry inline() {
    return inline;
  }

  /** Records that {@code peer} offers {@code files}, one request per shard involved. */
  Future<Void> add(PeerEntry peer, Collection<FileEntry> files) {
    if (inline != null) {
      inline.add(peer, files);
      return Future.succeededFuture();
    }
    List<List<FileEntry>> byShard = split(files, FileEntry::fileId);
    List<Future<?>> sent = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      if (!byShard.get(shard).isEmpty()) {
        sent.add(request(shard, new ShardRequest.Add(peer, byShard.get(shard))));
      }
    }
    return Future.all(sent).mapEmpty();
  }

  /** Forgets that {@code peerId} offers these files. */
  Future<Void> remove(String peerId, Collection<String> fileIds) {
    if (inline != null) {
      inline.remove(peerId, fileIds);
      return Future.succeededFuture();
    }
    List<List<String>> byShard = split(fileIds, id -> id);
    List<Future<?>> sent = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      if (!byShard.get(shard).isEmpty()) {
        sent.add(request(shard, new ShardRequest.Remove(peerId, byShard.get(shard))));
      }
    }
    return Future.all(sent).mapEmpty();
  }

  /**
   * Asks every shard and keeps the first {@code limit} files in {@code order}, as the {@code files} reply;
   * {@code total} only when every shard could count its matches.
   */
  Future<TrackerReply.Files> search(String q, boolean exact, int limit, SearchOrder order) {
    if (inline != null) {
      return Future.succeededFuture(merged(List.of(inline.search(q, exact, limit, order)), limit, order));
    }
    ShardRequest.Search search = new ShardRequest.Search(q, exact, limit, order);
    List<Future<SwarmRegistry.SearchResult>> answers = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      answers.add(request(shard, search));
    }
    return Future.all(answers).map(all -> merged(all.<SwarmRegistry.SearchResult>list(), limit, order));
  }

  private static TrackerReply.Files merged(List<SwarmRegistry.SearchResult> results, int limit, SearchOrder order) {
    List<SwarmRegistry.Match> matches = new ArrayList<>();
    boolean more = false;
    Integer total = 0;
    for (SwarmRegistry.SearchResult result : results) {
      matches.addAll(result.matches());
      more |= result.more();
      total = total == null || result.total() == null ? null : total + result.total();
    }
    if (results.size() > 1) {
      matches.sort(order.matches());
    }
    more |= matches.size() > limit;
    JsonArray rows = new JsonArray();
    matches.subList(0, Math.min(limit, matches.size())).forEach(match -> rows.add(match.toJson()));
    return new TrackerReply.Files(rows, more, total);
  }

  /**
   * The sources of a file except {@code exclude}, as the encoded reply object of the shard that owns it; fails with
   * {@code unknown-file} if there are none.
   */
  Future<Buffer> sources(String fileId, String exclude, int limit) {
    if (inline != null) {
      Buffer sources = inline.sources(fileId, exclude, limit);
      return sources != null ? Future.succeededFuture(sources) : Future.failedFuture(ProtocolException.refusal(
          ErrorCode.UNKNOWN_FILE, "no other peer offers " + fileId));
    }
    return this.<Buffer>request(Shards.of(fileId, shards), new ShardRequest.Sources(fileId, exclude, limit))
        .recover(failure -> {
          if (failure instanceof ReplyException reply && reply.failureCode() == Shards.NOT_FOUND) {
            return Future.failedFuture(ProtocolException.refusal(ErrorCode.UNKNOWN_FILE,
                "no other peer offers " + fileId));
          }
          return Future.failedFuture(failure);
        });
  }

  private <T> Future<T> request(int shard, ShardRequest request) {
    return bus.<T>request(Shards.address(shard), request, ShardCodec.options()).map(Message::body);
  }

  private <T> List<List<T>> split(Collection<T> items, Function<T, String> fileId) {
    List<List<T>> byShard = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      byShard.add(new ArrayList<>());
    }
    for (T item : items) {
      byShard.get(Shards.of(fileId.apply(item), shards)).add(item);
    }
    return byShard;
  }
}
