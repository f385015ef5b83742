package p2pshare.dashboard.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.dashboard.api.PeerBusClient;
import p2pshare.peer.PeerBus;

/**
 * Pushes the peer's events ({@link PeerBus#EVENTS}) to every open dashboard WebSocket. A new socket first gets a
 * snapshot built from the peer's bus addresses; events that arrive meanwhile wait (a bounded number) and follow it,
 * so the page never misses a change between the snapshot and the stream. A socket that cannot keep up is closed:
 * the page reconnects and starts again from a fresh snapshot.
 */
public final class LiveHub {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  private static final int MAX_WAITING = 1000;

  private final PeerBusClient peer;
  private final int maxSockets;
  private final long peersRefreshMillis;
  private final Set<Client> clients = new LinkedHashSet<>();
  private MessageConsumer<JsonObject> events;
  private Vertx vertx;
  private long refreshTimer = -1;

  private static final class Client {
    final ServerWebSocket socket;
    List<String> waiting = new ArrayList<>(); // null once the snapshot is sent

    Client(ServerWebSocket socket) {
      this.socket = socket;
    }
  }

  /** @param peersRefreshMillis how often open pages get the peer list again (who joined, who left, "last seen") */
  public LiveHub(PeerBusClient peer, int maxSockets, long peersRefreshMillis) {
    this.peersRefreshMillis = peersRefreshMillis;
    this.peer = peer;
    this.maxSockets = maxSockets;
  }

  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    events = vertx.eventBus().localConsumer(PeerBus.EVENTS, message -> broadcast(message.body().encode()));
    refreshTimer = vertx.setPeriodic(peersRefreshMillis, t -> refreshPeers());
    return events.completion();
  }

  /**
   * The tracker tells a node of its downloads' sources only, not of the network's joins and leaves
   * (docs/protocol.md, "Events"): open pages get the peer list now and then, one request however many pages.
   */
  private void refreshPeers() {
    if (clients.isEmpty()) {
      return;
    }
    peer.request(PeerBus.PEERS, new JsonObject())
        .onSuccess(reply -> broadcast(new JsonObject().put("type", "peers")
            .put("peers", reply.getJsonArray("peers")).encode()));
  }

  public int sockets() {
    return clients.size();
  }

  /** Takes over an accepted WebSocket. */
  public void accept(ServerWebSocket socket) {
    if (clients.size() >= maxSockets) {
      socket.close((short) 1013, "too many dashboard connections");
      return;
    }
    Client client = new Client(socket);
    clients.add(client);
    socket.closeHandler(v -> clients.remove(client));
    socket.exceptionHandler(e -> LOG.debug("dashboard socket error: {}", e.getMessage()));
    socket.handler(ignored -> { }); // the page sends nothing that matters
    snapshot().onComplete(ar -> {
      if (!clients.contains(client)) {
        return;
      }
      if (ar.failed()) {
        socket.close((short) 1011, "peer not available");
        return;
      }
      List<String> waiting = client.waiting;
      client.waiting = null;
      send(client, ar.result().encode());
      waiting.forEach(text -> send(client, text));
    });
  }

  private Future<JsonObject> snapshot() {
    Future<JsonObject> node = peer.request(PeerBus.NODE, new JsonObject());
    // The peer list comes from the tracker, which may be down: the page then shows none and a banner.
    Future<JsonObject> peers = peer.request(PeerBus.PEERS, new JsonObject())
        .recover(e -> Future.succeededFuture(new JsonObject().put("peers", new JsonArray())));
    Future<JsonObject> downloads = peer.request(PeerBus.DOWNLOAD_LIST, new JsonObject());
    Future<JsonObject> shares = peer.request(PeerBus.SHARES, new JsonObject());
    // The uploads panel is an extra: without an answer the page still gets its snapshot, with no uploads.
    Future<JsonObject> uploads = peer.request(PeerBus.UPLOADS, new JsonObject())
        .recover(e -> Future.succeededFuture(new JsonObject()));
    return Future.all(node, peers, downloads, shares, uploads).map(all -> new JsonObject()
        .put("type", "snapshot")
        .put("node", node.result())
        .put("peers", peers.result().getJsonArray("peers"))
        .put("downloads", downloads.result().getJsonArray("downloads"))
        .put("shares", shares.result().getJsonArray("shares"))
        .put("uploads", uploads.result()));
  }

  private void broadcast(String text) {
    for (Client client : List.copyOf(clients)) {
      if (client.waiting == null) {
        send(client, text);
      } else if (client.waiting.size() < MAX_WAITING) {
        client.waiting.add(text);
      } else {
        client.socket.close((short) 1013, "too slow");
      }
    }
  }

  private void send(Client client, String text) {
    if (client.socket.writeQueueFull()) {
      LOG.info("closing a dashboard socket that does not keep up");
      clients.remove(client);
      client.socket.close((short) 1013, "too slow");
      return;
    }
    client.socket.writeTextMessage(text);
  }

  public Future<Void> close() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    clients.forEach(c -> c.socket.close());
    clients.clear();
    return events == null ? Future.succeededFuture() : events.unregister();
  }
}
