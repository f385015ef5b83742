package p2pshare.tracker.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The files of a {@link TrackerLoad} run: every peer offers {@code hotPerPeer} of the {@code hotFiles} "hot" files
 * (shared by many) and the rest of its {@code files} from a long tail; lookups target files with at least two
 * sources, so every answer should list someone. Names are {@code file-<k>.bin}, plain ASCII.
 */
final class Workload {
  final String[] fileIds;
  final int[][] peerFiles;
  final int[] hotTargets;
  final int[] tailTargets;

  Workload(LoadOptions o) {
    int hot = o.hotFiles;
    int tail = o.tailCatalog();
    fileIds = new String[hot + tail];
    for (int k = 0; k < fileIds.length; k++) {
      fileIds[k] = fileId(o.seed, k);
    }
    Random random = new Random(o.seed);
    peerFiles = new int[o.peers][];
    int[] holders = new int[hot + tail];
    for (int p = 0; p < o.peers; p++) {
      int[] chosen = new int[o.files];
      int n = pickDistinct(random, chosen, 0, o.hotPerPeer, 0, hot);
      pickDistinct(random, chosen, n, o.files - o.hotPerPeer, hot, tail);
      for (int k : chosen) {
        holders[k]++;
      }
      peerFiles[p] = chosen;
    }
    hotTargets = filesWithTwoSources(holders, 0, hot);
    tailTargets = filesWithTwoSources(holders, hot, tail);
  }

  static String name(int k) {
    return "file-" + k + ".bin";
  }

  static long size(int k) {
    return (1L + k % 1000) << 20;
  }

  static String fileId(long seed, int k) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(("p2pshare-bench-" + seed + "-" + k)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fills {@code count} distinct values of {@code from .. from+range-1} into {@code into} at {@code at}. */
  private static int pickDistinct(Random random, int[] into, int at, int count, int from, int range) {
    int end = at + count;
    while (at < end) {
      int k = from + random.nextInt(range);
      boolean seen = false;
      for (int i = 0; i < at; i++) {
        if (into[i] == k) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        into[at++] = k;
      }
    }
    return at;
  }

  private static int[] filesWithTwoSources(int[] holders, int from, int range) {
    return IntStream.range(from, from + range).filter(k -> holders[k] >= 2).toArray();
  }
}
