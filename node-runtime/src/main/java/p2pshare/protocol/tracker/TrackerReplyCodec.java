package p2pshare.protocol.tracker;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/**
 * Writes the tracker's replies and events as frames (docs/protocol.md, "Tracker protocol"), and reads them back on
 * the peer's side. Reading is lenient where the protocol lets a newer tracker add things: an event of an unknown type
 * is no event, not an error.
 */
public final class TrackerReplyCodec {
  private TrackerReplyCodec() {
  }

  /** The frame of a reply to request {@code id} (null for a request without a usable id: an error then). */
  public static Buffer frame(Long id, TrackerReply reply) {
    if (reply instanceof TrackerReply.Sources sources && id != null) {
      // The registry's encoded answer is spliced in as it is: no parse, no second encoding.
      return Frames.json(TrackerReply.Sources.TYPE, id, sources.members());
    }
    return Frames.json(encode(id, reply));
  }

  /** A reply as JSON: {@code type}, {@code id} unless null, then its fields. */
  public static JsonObject encode(Long id, TrackerReply reply) {
    JsonObject json = new JsonObject().put("type", reply.type());
    if (id != null) {
      json.put("id", id);
    }
    if (reply instanceof TrackerReply.Joined joined) {
      json.put("peerId", joined.peerId()).put("secret", joined.secret())
          .put("heartbeatSeconds", seconds(joined.heartbeatMillis()))
          .put("peerTimeoutSeconds", joined.peerTimeoutSeconds()).put("tracker", joined.tracker());
      if (joined.observedHost() != null) {
        json.put("observedHost", joined.observedHost());
      }
      if (joined.noProbe() != null) {
        json.put("noProbe", joined.noProbe());
      }
    } else if (reply instanceof TrackerReply.Files files) {
      json.put("files", files.files()).put("more", files.more());
      if (files.total() != null) {
        json.put("total", files.total());
      }
    } else if (reply instanceof TrackerReply.Sources sources) {
      json.mergeIn(new JsonObject(sources.members()));
    } else if (reply instanceof TrackerReply.Peers peers) {
      json.put("peers", peers.peers()).put("total", peers.total());
    } else if (reply instanceof TrackerReply.Error error) {
      json.put("code", error.code().wire()).put("message", error.message());
    } else if (reply instanceof TrackerReply.Reversing reversing) {
      json.put("token", reversing.token()).put("seconds", reversing.seconds());
    }
    return json;
  }

  /** The frame of an event (no id). */
  public static Buffer frame(TrackerEvent event) {
    return Frames.json(encode(event));
  }

  public static JsonObject encode(TrackerEvent event) {
    JsonObject json = new JsonObject().put("type", event.type());
    if (event instanceof TrackerEvent.PeerJoined joined) {
      json.put("peer", joined.peer());
    } else if (event instanceof TrackerEvent.PeerLeft left) {
      json.put("peerId", left.peerId()).put("reason", left.reason());
    } else if (event instanceof TrackerEvent.FilesChanged changed) {
      json.put("peerId", changed.peerId());
    } else if (event instanceof TrackerEvent.Cluster cluster) {
      json.put("tracker", cluster.tracker());
    } else if (event instanceof TrackerEvent.ConnectTo connect) {
      json.put("token", connect.token()).put("peerId", connect.peerId()).put("name", connect.name())
          .put("host", connect.host()).put("port", connect.port());
    } else if (event instanceof TrackerEvent.Reach reach) {
      json.put("state", reach.state().wire()).put("host", reach.host()).put("port", reach.port());
      if (reach.why() != null) {
        json.put("why", reach.why());
      }
    } else if (event instanceof TrackerEvent.SourcesChanged changed) {
      json.put("fileId", changed.fileId()).put("sources", changed.sources())
          .put("gone", new JsonArray(List.copyOf(changed.gone()))).put("more", changed.more());
    }
    return json;
  }

  /** Whole seconds as an integer, others as a decimal: {@code 30}, {@code 0.25}. */
  private static Number seconds(long millis) {
    return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
  }

  /**
   * Reads a reply. An {@code error} reply is read like any other ({@link TrackerReply.Error}, its code
   * {@link ErrorCode#UNKNOWN} if this version does not know it); a reply of no known type, or whose fields are not
   * of their types, breaks the protocol: a local {@code bad-frame}.
   */
  public static TrackerReply decodeReply(JsonObject json) throws ProtocolException {
    try {
      Object type = json.getValue("type");
      if (TrackerReply.Joined.TYPE.equals(type)) {
        Number heartbeat = (Number) json.getValue("heartbeatSeconds");
        return new TrackerReply.Joined(text(json, "peerId"), text(json, "secret"),
            heartbeat == null ? 0 : Math.round(heartbeat.doubleValue() * 1000), json.getInteger("peerTimeoutSeconds", 0),
            json.getJsonObject("tracker", new JsonObject()), text(json, "observedHost"), text(json, "noProbe"));
      } else if (TrackerReply.Ok.TYPE.equals(type)) {
        return new TrackerReply.Ok();
      } else if (TrackerReply.Files.TYPE.equals(type)) {
        return new TrackerReply.Files(json.getJsonArray("files", new JsonArray()), json.getBoolean("more", false),
            json.getInteger("total"));
      } else if (TrackerReply.Sources.TYPE.equals(type)) {
        JsonObject members = json.copy();
        members.remove("type");
        members.remove("id");
        return new TrackerReply.Sources(members.toBuffer());
      } else if (TrackerReply.Peers.TYPE.equals(type)) {
        return new TrackerReply.Peers(json.getJsonArray("peers", new JsonArray()), json.getInteger("total", 0));
      } else if (TrackerReply.Reversing.TYPE.equals(type)) {
        return new TrackerReply.Reversing(text(json, "token"), json.getInteger("seconds", 0));
      } else if (TrackerReply.Error.TYPE.equals(type)) {
        return new TrackerReply.Error(ErrorCode.fromWire(text(json, "code")),
            String.valueOf(json.getValue("message")));
      }
    } catch (ClassCastException e) {
      throw ProtocolException.local(ErrorCode.BAD_FRAME, "a tracker reply with a field of the wrong type: " + json);
    }
    throw ProtocolException.local(ErrorCode.BAD_FRAME, "not a tracker reply: " + json.getValue("type"));
  }

  /** Reads an event; null for one of a type this version does not know, or whose fields are not of their types. */
  public static TrackerEvent decodeEvent(JsonObject json) {
    try {
      Object type = json.getValue("type");
      if (TrackerEvent.PeerJoined.TYPE.equals(type)) {
        return new TrackerEvent.PeerJoined(json.getJsonObject("peer", new JsonObject()));
      } else if (TrackerEvent.PeerLeft.TYPE.equals(type)) {
        return new TrackerEvent.PeerLeft(text(json, "peerId"), text(json, "reason"));
      } else if (TrackerEvent.FilesChanged.TYPE.equals(type)) {
        return new TrackerEvent.FilesChanged(text(json, "peerId"));
      } else if (TrackerEvent.Resync.TYPE.equals(type)) {
        return new TrackerEvent.Resync();
      } else if (TrackerEvent.Cluster.TYPE.equals(type)) {
        return new TrackerEvent.Cluster(json.getJsonObject("tracker"));
      } else if (TrackerEvent.SourcesChanged.TYPE.equals(type)) {
        return sourcesChanged(json);
      } else if (TrackerEvent.ConnectTo.TYPE.equals(type)) {
        String token = text(json, "token");
        String host = text(json, "host");
        return token == null || host == null ? null : new TrackerEvent.ConnectTo(token, text(json, "peerId"),
            text(json, "name"), host, json.getInteger("port", 0));
      } else if (TrackerEvent.Reach.TYPE.equals(type)) {
        return new TrackerEvent.Reach(Reachability.fromWire(json.getValue("state")), text(json, "host"),
            json.getInteger("port", 0), text(json, "why"));
      }
    } catch (ClassCastException e) {
      return null;
    }
    return null;
  }

  /** Null when a field is missing or of the wrong type, or a list holds something that is not of its kind. */
  private static TrackerEvent.SourcesChanged sourcesChanged(JsonObject json) {
    String fileId = text(json, "fileId");
    JsonArray sources = json.getJsonArray("sources", new JsonArray());
    JsonArray gone = json.getJsonArray("gone", new JsonArray());
    List<String> goneIds = new ArrayList<>(gone.size());
    for (Object peerId : gone) {
      if (!(peerId instanceof String id)) {
        return null;
      }
      goneIds.add(id);
    }
    for (Object source : sources) {
      if (!(source instanceof JsonObject)) {
        return null;
      }
    }
    return fileId == null ? null : new TrackerEvent.SourcesChanged(fileId, sources, goneIds,
        json.getBoolean("more", false));
  }

  /** A string field, or null; anything else is of the wrong type (JsonObject.getString would turn it into one). */
  private static String text(JsonObject json, String key) {
    return (String) json.getValue(key);
  }
}
