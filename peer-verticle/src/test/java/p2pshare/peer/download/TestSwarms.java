package p2pshare.peer.download;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerDialer;

/** Transfers for tests: no tracker to ask again, bans that last as long as the test, no meters. */
final class TestSwarms {
  private TestSwarms() {
  }

  /** A transfer of {@code download} from {@code peers}, publishing into {@code downloads}. */
  static SwarmDownload swarm(Vertx vertx, ChunkBuffers buffers, DownloadProgress download, List<JsonObject> peers,
      DownloadSettings settings, Path parts, Path downloads) {
    Dialing dialing = new Dialing(vertx, PeerDialer.open(vertx.createNetClient()), buffers, "leecher",
        new Unreachable(System::currentTimeMillis));
    SwarmSetup setup = new SwarmSetup(dialing, settings, new DownloadFolders(parts, parts.resolveSibling("records"),
        downloads), PeerMeters.none(), BanList.inMemory(vertx, settings.banMillis()));
    return new SwarmDownload(setup, download, peers, SwarmHooks.NONE);
  }
}
