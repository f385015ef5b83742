package p2pshare.protocol.tracker;

import java.util.List;

/**
 * The requests a peer sends the tracker (docs/protocol.md, "Tracker protocol"), one record per message type. A
 * request carries no id: the connection gives it one when it is sent. {@link TrackerCodec} reads them from JSON,
 * strictly, and writes them.
 */
public sealed interface TrackerRequest {
  /** Search rows a reply holds at most, and when the request does not say. */
  int MAX_SEARCH = 500;
  /** Sources a lookup answers at most. */
  int MAX_SOURCES = 200;
  /** Sources a lookup gets when it does not say (BitTorrent's numwant). */
  int DEFAULT_SOURCES = 50;
  /** Peers a listing holds at most, and when the request does not say. */
  int MAX_PEERS = 500;

  /** The message type, as the protocol spells it. */
  String type();

  /**
   * Joins the tracker with the files this peer offers; {@code peerId} and {@code secret} (both or neither; null when
   * not given) claim the id of an earlier join again. {@code host} is the host the peer advertises.
   */
  record Join(String name, String host, int port, List<FileEntry> files, String peerId, String secret)
      implements TrackerRequest {
    public static final String TYPE = "join";

    public Join {
      files = List.copyOf(files);
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  record Heartbeat() implements TrackerRequest {
    public static final String TYPE = "heartbeat";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Adds or replaces offers ({@code add}, one per fileId) and drops offers ({@code remove}, fileIds). */
  record Update(List<FileEntry> add, List<String> remove) implements TrackerRequest {
    public static final String TYPE = "update";

    public Update {
      add = List.copyOf(add);
      remove = List.copyOf(remove);
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Offers one file: a completed download, or a download's progress. */
  record Have(FileEntry file) implements TrackerRequest {
    public static final String TYPE = "have";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Files whose name holds {@code q} (case-insensitive; equals it when {@code exact}), at most {@code limit}, in the
   * order {@code sort} names (one of {@link #SORTS}).
   */
  record Search(String q, boolean exact, int limit, String sort) implements TrackerRequest {
    public static final String TYPE = "search";
    /** The orders a search can ask for; the first is the default. */
    public static final List<String> SORTS = List.of("name", "-name", "size", "-size");

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A sample of at most {@code limit} peers offering {@code fileId}, the asker left out. */
  record Sources(String fileId, int limit) implements TrackerRequest {
    public static final String TYPE = "sources";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** The live peers, at most {@code limit}. */
  record Peers(int limit) implements TrackerRequest {
    public static final String TYPE = "peers";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Asks to be told of the changes of these files' sources from now on ({@code sources-changed} events), on top of
   * the files this connection subscribed to before.
   */
  record Subscribe(List<String> fileIds) implements TrackerRequest {
    public static final String TYPE = "subscribe";

    public Subscribe {
      fileIds = List.copyOf(fileIds);
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** No more events about these files; a file not subscribed to is no error. */
  record Unsubscribe(List<String> fileIds) implements TrackerRequest {
    public static final String TYPE = "unsubscribe";

    public Unsubscribe {
      fileIds = List.copyOf(fileIds);
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Asks for every membership event from now on (the stream version-2 nodes use). */
  record Watch() implements TrackerRequest {
    public static final String TYPE = "watch";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** Leaves the tracker; it closes the connection after its reply. */
  record Leave() implements TrackerRequest {
    public static final String TYPE = "leave";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * Asks the tracker to have peer {@code peerId} (a source behind NAT) open a connection to this node's chunk port
   * (connection reversal, docs/protocol.md "Reachability").
   */
  record Reverse(String peerId) implements TrackerRequest {
    public static final String TYPE = "reverse";

    @Override
    public String type() {
      return TYPE;
    }
  }
}
