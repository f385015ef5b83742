package p2pshare.tracker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.tracker.FileEntry;

class OfferedFilesTest {
  private static String id(int i) {
    return String.format("%064x", i);
  }

  @Test
  void aFileIdGivenTwiceIsOfferedAsItsLastEntrySays() {
    OfferedFiles files = OfferedFiles.of(List.of(new FileEntry(id(1), "old", 1), new FileEntry(id(2), "two", 2),
        new FileEntry(id(1), "new", 1)));
    assertEquals(2, files.size());
    assertEquals("new", files.get(id(1)).name());
    assertNull(files.get(id(3)));
    assertFalse(files.containsKey(42));
  }

  @Test
  void everyChangeLeavesWhatAMapWouldHold() {
    SplittableRandom random = new SplittableRandom(11);
    Map<String, FileEntry> expected = new HashMap<>();
    OfferedFiles files = OfferedFiles.NONE;
    for (int round = 0; round < 500; round++) {
      List<String> remove = new ArrayList<>();
      List<FileEntry> add = new ArrayList<>();
      for (int i = random.nextInt(6); i > 0; i--) {
        remove.add(id(random.nextInt(40)));
      }
      for (int i = random.nextInt(6); i > 0; i--) {
        add.add(new FileEntry(id(random.nextInt(40)), "r" + round, round, random.nextBoolean(), i));
      }
      remove.forEach(expected::remove);
      add.forEach(file -> expected.put(file.fileId(), file));
      files = files.with(remove, add);
      assertEquals(expected, files, "after round " + round);
      List<String> ids = new ArrayList<>(files.keySet());
      assertEquals(ids.stream().sorted().toList(), ids, "in fileId order");
    }
  }
}
