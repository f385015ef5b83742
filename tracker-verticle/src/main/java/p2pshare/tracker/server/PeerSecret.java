package p2pshare.tracker.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret a tracker gives a peer at its first join, so that the peer can join again under the same peerId
 * (through any node of a cluster) and replace its entry, while nobody else can take that peerId over. Trackers keep
 * and share only its SHA-256.
 */
final class PeerSecret {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PeerSecret() {
  }

  /** 128 random bits as 32 hex digits. */
  static String create() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code secret} is the one whose hash is {@code expectedHash}, compared in constant time. */
  static boolean matches(String secret, String expectedHash) {
    return secret != null && expectedHash != null && MessageDigest.isEqual(
        hash(secret).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
