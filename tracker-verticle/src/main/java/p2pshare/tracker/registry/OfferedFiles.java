package p2pshare.tracker.registry;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import p2pshare.protocol.tracker.FileEntry;

/**
 * The files one peer offers, by fileId: an immutable array sorted by fileId, read by binary search. A hash map would
 * cost about 50 bytes of entry and table per file on top of the entry itself, for each of every peer's files; an
 * array costs 4. A change makes a new array in one merge.
 */
public final class OfferedFiles extends AbstractMap<String, FileEntry> {
  static final OfferedFiles NONE = new OfferedFiles(new FileEntry[0]);
  private static final Comparator<FileEntry> BY_ID = Comparator.comparing(FileEntry::fileId);

  private final FileEntry[] files;

  private OfferedFiles(FileEntry[] sortedUnique) {
    this.files = sortedUnique;
  }

  /** The files of a join; a fileId given twice is offered as its last entry says. */
  static OfferedFiles of(Collection<FileEntry> files) {
    return NONE.with(Set.of(), files);
  }

  /** These files without {@code remove}, then with {@code add} (which replaces entries of the same fileIds). */
  OfferedFiles with(Collection<String> remove, Collection<FileEntry> add) {
    FileEntry[] added = lastOfEachId(add);
    Set<String> dropped = new HashSet<>(remove);
    FileEntry[] merged = new FileEntry[files.length + added.length];
    int size = 0;
    int a = 0;
    for (FileEntry kept : files) {
      while (a < added.length && added[a].fileId().compareTo(kept.fileId()) < 0) {
        merged[size++] = added[a++];
      }
      if (a < added.length && added[a].fileId().equals(kept.fileId())) {
        merged[size++] = added[a++];
      } else if (!dropped.contains(kept.fileId())) {
        merged[size++] = kept;
      }
    }
    while (a < added.length) {
      merged[size++] = added[a++];
    }
    return new OfferedFiles(size == merged.length ? merged : Arrays.copyOf(merged, size));
  }

  @Override
  public FileEntry get(Object fileId) {
    int at = indexOf(fileId);
    return at < 0 ? null : files[at];
  }

  @Override
  public boolean containsKey(Object fileId) {
    return indexOf(fileId) >= 0;
  }

  @Override
  public int size() {
    return files.length;
  }

  @Override
  public Set<Map.Entry<String, FileEntry>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, FileEntry>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < files.length;
          }

          @Override
          public Map.Entry<String, FileEntry> next() {
            if (next == files.length) {
              throw new NoSuchElementException();
            }
            FileEntry file = files[next++];
            return new SimpleImmutableEntry<>(file.fileId(), file);
          }
        };
      }

      @Override
      public int size() {
        return files.length;
      }
    };
  }

  private int indexOf(Object fileId) {
    if (!(fileId instanceof String id)) {
      return -1;
    }
    int low = 0;
    int high = files.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int order = files[mid].fileId().compareTo(id);
      if (order < 0) {
        low = mid + 1;
      } else if (order > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** {@code add} sorted by fileId, keeping the last entry given for each. */
  private static FileEntry[] lastOfEachId(Collection<FileEntry> add) {
    FileEntry[] sorted = add.toArray(new FileEntry[0]);
    // A stable sort keeps entries of one fileId in the order given; the last of each run wins.
    Arrays.sort(sorted, BY_ID);
    int size = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i + 1 < sorted.length && sorted[i + 1].fileId().equals(sorted[i].fileId())) {
        continue;
      }
      sorted[size++] = sorted[i];
    }
    return size == sorted.length ? sorted : Arrays.copyOf(sorted, size);
  }
}
