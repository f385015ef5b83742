package p2pshare.tracker.registry;

import java.util.List;
import p2pshare.protocol.tracker.FileEntry;

/**
 * What the tracker's front asks a swarm shard (docs/protocol.md, "Inside the tracker"). The records cross the event
 * bus by reference ({@link ShardCodec}), from the front's event loop to the shard's: each is immutable, and neither
 * side keeps a hold on what it sent.
 */
public sealed interface ShardRequest {
  /** {@code peer} offers {@code files} (all owned by the shard asked); replied with null. */
  record Add(PeerEntry peer, List<FileEntry> files) implements ShardRequest {
    public Add {
      files = List.copyOf(files);
    }
  }

  /** {@code peerId} no longer offers these files; replied with null. */
  record Remove(String peerId, List<String> fileIds) implements ShardRequest {
    public Remove {
      fileIds = List.copyOf(fileIds);
    }
  }

  /** Replied with the shard's {@link SwarmRegistry.SearchResult}. */
  record Search(String q, boolean exact, int limit, SearchOrder order) implements ShardRequest {
  }

  /**
   * Replied with the encoded sources answer ({@link SwarmRegistry#sources}), a Buffer, or failed with
   * {@link Shards#NOT_FOUND} when no peer but {@code exclude} offers the file.
   */
  record Sources(String fileId, String exclude, int limit) implements ShardRequest {
  }
}
