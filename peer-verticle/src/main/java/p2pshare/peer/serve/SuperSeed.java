package p2pshare.peer.serve;

import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which chunks of one complete file this node has handed out to downloaders, so that each downloader is offered the
 * chunks handed out least so far (BitTorrent's super-seeding, BEP 16, in spirit): leechers who start together get
 * different chunks from the seeder and trade the rest among themselves, instead of all taking every chunk from it.
 * A downloader may still ask for any chunk; this only steers what it asks for first. Event loop only.
 */
final class SuperSeed {
  /** The fewest chunks offered to a downloader at first: as many as it asks of one source at a time by default. */
  static final int MIN_ALLOTMENT = 4;
  /** The most: enough choice for a downloader fetching from several seeders at once. */
  static final int MAX_ALLOTMENT = 16;

  private final int[] handedOut;
  private int downloaders;

  SuperSeed(int chunkCount) {
    this.handedOut = new int[chunkCount];
  }

  /** A downloader asked for the file; it is counted until {@link #left}. */
  void joined() {
    downloaders++;
  }

  void left() {
    downloaders--;
  }

  /**
   * How many chunks a downloader is offered at first: a quarter of the file's share of each downloader now, within
   * {@link #MIN_ALLOTMENT}..{@link #MAX_ALLOTMENT}; each one it fetches (or gives up) is followed by one more. Few
   * downloaders get much choice; a crowd gets small, different hand-outs (measured: with four leechers of a 24-chunk
   * file, 16 each made the hand-outs overlap and the seeder send 2.17 times the file).
   */
  int allotment() {
    int share = handedOut.length / (4 * Math.max(1, downloaders));
    return Math.max(MIN_ALLOTMENT, Math.min(MAX_ALLOTMENT, share));
  }

  /**
   * Up to {@code count} chunks not in {@code already}, handed out least so far (ties at random), now counted as
   * handed out; they are added to {@code already}. Returns the chunks picked.
   */
  BitSet allot(int count, BitSet already) {
    BitSet picked = new BitSet(handedOut.length);
    for (int n = 0; n < count; n++) {
      int best = -1;
      int ties = 0;
      for (int i = already.nextClearBit(0); i < handedOut.length; i = already.nextClearBit(i + 1)) {
        if (best < 0 || handedOut[i] < handedOut[best]) {
          best = i;
          ties = 1;
        } else if (handedOut[i] == handedOut[best] && ThreadLocalRandom.current().nextInt(++ties) == 0) {
          best = i; // reservoir sampling: each of the equally rare chunks is as likely
        }
      }
      if (best < 0) {
        break;
      }
      handedOut[best]++;
      already.set(best);
      picked.set(best);
    }
    return picked;
  }
}
