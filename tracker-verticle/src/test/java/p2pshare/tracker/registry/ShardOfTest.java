package p2pshare.tracker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShardOfTest {
  private static final String TAIL = "0".repeat(56);

  @Test
  void firstEightHexDigitsModuloShardCount() {
    assertEquals(0, Shards.of("00000000" + TAIL, 4));
    assertEquals(3, Shards.of("00000007" + TAIL, 4));
    assertEquals(10 % 3, Shards.of("0000000a" + TAIL, 3));
  }

  @Test
  void highBitIsReadAsUnsigned() {
    assertEquals(0xffffffffL % 7, Shards.of("ffffffff" + TAIL, 7));
    assertEquals(0x80000000L % 5, Shards.of("80000000" + TAIL, 5));
  }

  @Test
  void laterDigitsDoNotMatter() {
    assertEquals(Shards.of("12345678" + TAIL, 6), Shards.of("12345678" + "f".repeat(56), 6));
  }

  @Test
  void oneShardTakesEverything() {
    assertEquals(0, Shards.of("deadbeef" + TAIL, 1));
  }

  @Test
  void addressNamesTheShard() {
    assertEquals("p2p.tracker.shard.3", Shards.address(3));
  }
}
