package p2pshare.peer.wire;

import io.vertx.core.json.JsonObject;
import p2pshare.peer.share.Manifest;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;

/**
 * Reads and writes the JSON messages of the peer wire protocol (docs/protocol.md, "Peer wire protocol"). A server
 * reads requests strictly: each refusal carries the code its {@code error} reply gives. A downloader reads answers
 * strictly too (what it cannot read breaks the protocol: a local {@code bad-frame}), and pushes leniently: one it
 * cannot read is none.
 */
public final class PeerWireCodec {
  private PeerWireCodec() {
  }

  /** The id of a request, or null if it has none that is an integer (its error reply then says id 0). */
  public static Integer idOf(JsonObject request) {
    return request.getValue("id") instanceof Integer id ? id : null;
  }

  /**
   * Reads a request (its id aside, see {@link #idOf}): a {@code fileId} of 64 lowercase hex digits, else
   * {@code bad-request}; a known type, else {@code unknown-type}; and for a chunk, an integer {@code index}, else
   * {@code bad-index}.
   */
  public static WireRequest decodeRequest(JsonObject request) throws ProtocolException {
    if (!(request.getValue("fileId") instanceof String fileId) || !Manifest.isFileId(fileId)) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "fileId must be 64 lowercase hex digits");
    }
    Object type = request.getValue("type");
    if (WireRequest.Manifest.TYPE.equals(type)) {
      return new WireRequest.Manifest(fileId);
    }
    if (WireRequest.Chunk.TYPE.equals(type)) {
      if (!(request.getValue("index") instanceof Integer index)) {
        throw ProtocolException.refusal(ErrorCode.BAD_INDEX, "no such chunk in " + fileId);
      }
      return new WireRequest.Chunk(fileId, index);
    }
    throw ProtocolException.refusal(ErrorCode.UNKNOWN_TYPE, "unknown request type " + type);
  }

  /** A request as JSON, without its id (the connection adds it). */
  public static JsonObject encode(WireRequest request) {
    JsonObject json = new JsonObject().put("type", request.type()).put("fileId", request.fileId());
    return request instanceof WireRequest.Chunk chunk ? json.put("index", chunk.index()) : json;
  }

  /** The answer to request {@code id}. */
  public static JsonObject encode(int id, WireReply reply) {
    JsonObject json = new JsonObject().put("type", reply.type()).put("id", id);
    if (reply instanceof WireReply.Offer offer) {
      json.put("manifest", offer.manifest().toJson());
      if (offer.complete() != null) {
        json.put("complete", offer.complete());
      }
      if (offer.have() != null) {
        json.put("have", PeerWire.bits(offer.have()));
      }
    } else if (reply instanceof WireReply.Error error) {
      json.put("code", error.code().wire()).put("message", error.message());
    }
    return json;
  }

  /**
   * Reads an answer. An offer's manifest must be one ({@link Manifest#fromJson}); a {@code complete} that is not a
   * boolean counts as absent, and a {@code have} that cannot be read as an empty set (the source is then asked for
   * nothing it did not offer).
   */
  public static WireReply decodeReply(JsonObject json) throws ProtocolException {
    Object type = json.getValue("type");
    if (WireReply.Error.TYPE.equals(type)) {
      return new WireReply.Error(ErrorCode.fromWire(json.getValue("code") instanceof String c ? c : null),
          String.valueOf(json.getValue("message")));
    }
    if (!WireReply.Offer.TYPE.equals(type)) {
      throw ProtocolException.local(ErrorCode.BAD_FRAME, "not an answer of the peer wire protocol: " + type);
    }
    if (!(json.getValue("manifest") instanceof JsonObject m)) {
      throw ProtocolException.local(ErrorCode.BAD_FRAME, "expected a manifest");
    }
    Manifest manifest;
    try {
      manifest = Manifest.fromJson(m);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw ProtocolException.local(ErrorCode.BAD_FRAME, "bad manifest: " + e.getMessage());
    }
    Boolean complete = json.getValue("complete") instanceof Boolean b ? b : null;
    return new WireReply.Offer(manifest, complete, json.containsKey("have") ? PeerWire.bitsOf(json.getValue("have"))
        : null);
  }

  public static JsonObject encode(WirePush push) {
    JsonObject json = new JsonObject().put("type", push.type());
    if (push instanceof WirePush.Have have) {
      return json.put("fileId", have.fileId()).put("index", have.index());
    } else if (push instanceof WirePush.Cancel cancel) {
      return json.put("request", cancel.request());
    } else if (push instanceof WirePush.BadChunk bad) {
      return json.put("fileId", bad.fileId()).put("index", bad.index());
    }
    return json;
  }

  /** Reads a push; null for one of an unknown type or whose fields are not of their types. */
  public static WirePush decodePush(JsonObject json) {
    Object type = json.getValue("type");
    if (WirePush.Cancel.TYPE.equals(type)) {
      return json.getValue("request") instanceof Integer request ? new WirePush.Cancel(request) : null;
    }
    if (!(json.getValue("fileId") instanceof String fileId) || !(json.getValue("index") instanceof Integer index)) {
      return null;
    }
    if (WirePush.Have.TYPE.equals(type)) {
      return new WirePush.Have(fileId, index);
    }
    return WirePush.BadChunk.TYPE.equals(type) ? new WirePush.BadChunk(fileId, index) : null;
  }
}
