package p2pshare.peer.share;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a file is: its name, size, chunk size and the SHA-256 of every chunk. The {@code fileId} is derived from
 * the content only (see docs/protocol.md, "Content addressing"), so a manifest received from a stranger can be
 * checked against the fileId that was asked for.
 */
public record Manifest(String fileId, String name, long size, int chunkSize, List<String> chunks) {
  public static final int MIN_CHUNK_SIZE = 16 * 1024;
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Manifest {
    chunks = List.copyOf(chunks);
  }

  /** Builds a manifest from chunk hashes, computing its fileId. */
  public static Manifest of(String name, long size, int chunkSize, List<String> chunks) {
    return new Manifest(fileIdOf(size, chunkSize, chunks), name, size, chunkSize, chunks);
  }

  public static boolean isFileId(String value) {
    return value != null && HEX64.matcher(value).matches();
  }

  public static long chunkCount(long size, int chunkSize) {
    return (size + chunkSize - 1) / chunkSize;
  }

  public int chunkCount() {
    return chunks.size();
  }

  public long offset(int index) {
    return (long) index * chunkSize;
  }

  public int length(int index) {
    return (int) Math.min(chunkSize, size - offset(index));
  }

  /** SHA-256 over size, chunk size and the raw chunk hashes. */
  public static String fileIdOf(long size, int chunkSize, List<String> chunks) {
    MessageDigest digest = sha256();
    digest.update(ByteBuffer.allocate(12).putLong(size).putInt(chunkSize).array());
    HexFormat hex = HexFormat.of();
    for (String chunk : chunks) {
      digest.update(hex.parseHex(chunk));
    }
    return hex.formatHex(digest.digest());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("fileId", fileId)
        .put("name", name)
        .put("size", size)
        .put("chunkSize", chunkSize)
        .put("chunks", new JsonArray(List.copyOf(chunks)));
  }

  /** The short form the tracker keeps. */
  public JsonObject entry() {
    return new JsonObject().put("fileId", fileId).put("name", name).put("size", size);
  }

  /**
   * Parses and checks a manifest from the network: every field present and in range, the chunk count consistent
   * with size and chunk size, and the fileId equal to the one computed from the content.
   *
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static Manifest fromJson(JsonObject json) {
    try {
      String fileId = json.getString("fileId");
      String name = json.getString("name");
      Long size = json.getLong("size");
      Integer chunkSize = json.getInteger("chunkSize");
      JsonArray chunks = json.getJsonArray("chunks");
      if (!isFileId(fileId) || name == null || size == null || chunkSize == null || chunks == null) {
        throw new IllegalArgumentException("manifest lacks a field");
      }
      if (size < 0 || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
        throw new IllegalArgumentException("manifest size or chunk size out of range");
      }
      if (chunks.size() != chunkCount(size, chunkSize)) {
        throw new IllegalArgumentException("manifest has " + chunks.size() + " chunks, expected "
            + chunkCount(size, chunkSize));
      }
      for (int i = 0; i < chunks.size(); i++) {
        if (!(chunks.getValue(i) instanceof String s) || !isFileId(s)) {
          throw new IllegalArgumentException("manifest chunk hash " + i + " is not SHA-256 hex");
        }
      }
      @SuppressWarnings("unchecked")
      List<String> hashes = (List<String>) (List<?>) chunks.getList();
      Manifest manifest = of(name, size, chunkSize, hashes);
      if (!manifest.fileId().equals(fileId)) {
        throw new IllegalArgumentException("manifest content does not match its fileId");
      }
      return manifest;
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("manifest field has the wrong type");
    }
  }
}
