package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rarest-first rule alone, on sources that are plain values. */
class ChunkPickerTest {
  private final ChunkPicker<Fake> picker = new ChunkPicker<>(2);

  /** A source as the picker sees it. */
  private static final class Fake implements ChunkPicker.Candidate {
    final String name;
    final BitSet have;
    boolean usable = true;
    boolean complete;
    int inFlight;
    int chunks;

    Fake(String name, int... offered) {
      this.name = name;
      this.have = offered == null ? null : bits(offered);
    }

    @Override
    public boolean usable() {
      return usable;
    }

    @Override
    public boolean known() {
      return have != null;
    }

    @Override
    public boolean offers(int index) {
      return have != null && have.get(index);
    }

    @Override
    public boolean complete() {
      return complete;
    }

    @Override
    public int inFlight() {
      return inFlight;
    }

    @Override
    public int chunks() {
      return chunks;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static BitSet bits(int... indexes) {
    BitSet bits = new BitSet();
    IntStream.of(indexes).forEach(bits::set);
    return bits;
  }

  @Test
  void theChunkFewestSourcesOfferIsAskedFirst() {
    Fake a = new Fake("a", 0, 1, 2);
    Fake b = new Fake("b", 1, 2);
    Fake c = new Fake("c", 2);

    ChunkPicker.Pick<Fake> pick = picker.pick(bits(0, 1, 2), List.of(a, b, c), Set.of());

    assertEquals(0, pick.index());
    assertSame(a, pick.source());
  }

  @Test
  void equallyRareChunksArePickedAtRandomSoDownloadersSpread() {
    Fake a = new Fake("a", 0, 1, 2, 3);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(picker.pick(bits(0, 1, 2, 3), List.of(a), Set.of()).index());
    }
    assertEquals(Set.of(0, 1, 2, 3), seen);
  }

  @Test
  void ofTheSourcesOfferingAChunkTheLeastBusyIsAskedThenTheOneThatDeliveredLeast() {
    Fake busy = new Fake("busy", 0);
    busy.inFlight = 1;
    Fake idle = new Fake("idle", 0);
    assertSame(idle, picker.pick(bits(0), List.of(busy, idle), Set.of()).source());

    idle.inFlight = 1;
    busy.chunks = 10;
    idle.chunks = 3;
    assertSame(idle, picker.pick(bits(0), List.of(busy, idle), Set.of()).source());
  }

  @Test
  void aSourceWithItsRequestsFullIsNotAskedAndNoneWithRoomMeansNoPick() {
    Fake full = new Fake("full", 0, 1);
    full.inFlight = 2;
    Fake other = new Fake("other", 1);
    ChunkPicker.Pick<Fake> pick = picker.pick(bits(0, 1), List.of(full, other), Set.of());
    assertEquals(1, pick.index());
    assertSame(other, pick.source());

    other.inFlight = 2;
    assertNull(picker.pick(bits(0, 1), List.of(full, other), Set.of()));
  }

  @Test
  void aSourceThatJustFailedIsAskedOnlyWhenNoOtherHasRoom() {
    Fake failed = new Fake("failed", 0);
    Fake other = new Fake("other", 0);
    assertSame(other, picker.pick(bits(0), List.of(failed, other), Set.of(failed)).source());

    other.inFlight = 2;
    assertSame(failed, picker.pick(bits(0), List.of(failed, other), Set.of(failed)).source());
  }

  @Test
  void aChunkNobodyOffersIsAskedOfACompleteSourceOnlyWhenNothingOfferedIsLeft() {
    Fake seeder = new Fake("seeder", 0); // a seeder that handed out chunk 0 only, so far
    seeder.complete = true;
    assertEquals(0, picker.pick(bits(0, 1), List.of(seeder), Set.of()).index());
    assertEquals(1, picker.pick(bits(1), List.of(seeder), Set.of()).index());

    Fake partial = new Fake("partial", 0);
    assertNull(picker.pick(bits(1), List.of(partial), Set.of()), "a partial source is never asked beyond its offer");
  }

  @Test
  void droppedSourcesAndSourcesWhoseOfferIsNotKnownAreNotAsked() {
    Fake dropped = new Fake("dropped", 0);
    dropped.usable = false;
    Fake unknown = new Fake("unknown", (int[]) null);
    unknown.complete = true;

    assertNull(picker.pick(bits(0), List.of(dropped, unknown), Set.of()));
  }

  @Test
  void aChunkThatBusySourcesHoldIsNotRare() {
    Fake busy = new Fake("busy", 0);
    busy.inFlight = 2;
    Fake alsoBusy = new Fake("also busy", 0);
    alsoBusy.inFlight = 2;
    Fake b = new Fake("b", 0, 1);
    Fake c = new Fake("c", 1);

    // Chunk 0 is held by three sources (two of them busy now), chunk 1 by two: 1 is the rarer.
    assertEquals(1, picker.pick(bits(0, 1), List.of(busy, alsoBusy, b, c), Set.of()).index());
  }

  @Test
  void aDroppedSourceDoesNotCountTowardsAChunksAvailability() {
    Fake dropped = new Fake("dropped", 1);
    dropped.usable = false;
    Fake alsoDropped = new Fake("also dropped", 1);
    alsoDropped.usable = false;
    Fake a = new Fake("a", 0, 1);
    Fake b = new Fake("b", 0);

    // Chunk 1 is offered by a alone among the usable sources, chunk 0 by a and b: 1 is the rarer (counting the
    // dropped ones, it would be 0).
    assertEquals(1, picker.pick(bits(0, 1), List.of(dropped, alsoDropped, a, b), Set.of()).index());
  }
}
