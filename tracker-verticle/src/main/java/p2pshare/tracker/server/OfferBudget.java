package p2pshare.tracker.server;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import p2pshare.protocol.tracker.FileEntry;

/**
 * What the peers' offers may cost the tracker's heap: files offered and bytes of their names (UTF-8), counted per
 * remote address (the TCP peer address of the connection, not the host a peer advertises) and in all. A peer's use is
 * set whole at each change of its file list; {@link #set} refuses a use that would pass a limit and then changes
 * nothing. Runs on the front's event loop only; {@link #offers} and {@link #nameBytes} may be read from anywhere.
 */
final class OfferBudget {
  /** The limits and the config keys that raise them, named in refusals. */
  record Limits(long filesPerAddress, long nameBytesPerAddress, long files, long nameBytes) {
  }

  private static final class Use {
    long files;
    long nameBytes;
  }

  private record PeerUse(String address, long files, long nameBytes) {
  }

  private final Limits limits;
  private final Map<String, PeerUse> byPeer = new HashMap<>();
  private final Map<String, Use> byAddress = new HashMap<>();
  private final Use total = new Use();
  private volatile long totalFiles;
  private volatile long totalNameBytes;

  OfferBudget(Limits limits) {
    this.limits = limits;
  }

  /**
   * Makes {@code peerId}, connected from {@code address}, use {@code files} offers and {@code nameBytes} of names in
   * place of what it used before. Returns null, or why not (nothing changes then). Shrinking is never refused.
   */
  String set(String peerId, String address, long files, long nameBytes) {
    PeerUse before = byPeer.get(peerId);
    long moreFiles = files - (before == null ? 0 : before.files());
    long moreBytes = nameBytes - (before == null ? 0 : before.nameBytes());
    Use here = byAddress.getOrDefault(address, new Use());
    String refusal = null;
    if (moreFiles > 0 && here.files + moreFiles > limits.filesPerAddress()) {
      refusal = "the peers at " + address + " may offer at most " + limits.filesPerAddress()
          + " files in all (maxFilesPerAddress)";
    } else if (moreBytes > 0 && here.nameBytes + moreBytes > limits.nameBytesPerAddress()) {
      refusal = "the file names of the peers at " + address + " may take at most " + limits.nameBytesPerAddress()
          + " bytes in all (maxNameBytesPerAddress)";
    } else if (moreFiles > 0 && total.files + moreFiles > limits.files()) {
      refusal = "the tracker holds its most files, " + limits.files() + " (maxFiles)";
    } else if (moreBytes > 0 && total.nameBytes + moreBytes > limits.nameBytes()) {
      refusal = "the tracker holds its most bytes of file names, " + limits.nameBytes() + " (maxNameBytes)";
    }
    if (refusal != null) {
      return refusal;
    }
    add(address, moreFiles, moreBytes);
    byPeer.put(peerId, new PeerUse(address, files, nameBytes));
    return null;
  }

  /** Gives back all that {@code peerId} used; a peer without use is ignored. */
  void drop(String peerId) {
    PeerUse use = byPeer.remove(peerId);
    if (use != null) {
      add(use.address(), -use.files(), -use.nameBytes());
    }
  }

  /** The name bytes {@code peerId} uses now, 0 if none. */
  long nameBytesOf(String peerId) {
    PeerUse use = byPeer.get(peerId);
    return use == null ? 0 : use.nameBytes();
  }

  long offers() {
    return totalFiles;
  }

  long nameBytes() {
    return totalNameBytes;
  }

  private void add(String address, long files, long nameBytes) {
    Use here = byAddress.computeIfAbsent(address, a -> new Use());
    here.files += files;
    here.nameBytes += nameBytes;
    if (here.files == 0 && here.nameBytes == 0) {
      byAddress.remove(address);
    }
    total.files += files;
    total.nameBytes += nameBytes;
    totalFiles = total.files;
    totalNameBytes = total.nameBytes;
  }

  /** The UTF-8 length of {@code s} as {@code getBytes(UTF_8)} gives it, without encoding it. */
  static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1; // a lone surrogate, which the encoder (and the name check) turns into '?'
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** What a peer offers: files and the UTF-8 bytes of their names. */
  record Offered(long files, long nameBytes) {
  }

  /** What {@code peerId} offers once {@code dropped} go and {@code changed} come or replace its {@code offered}. */
  Offered afterUpdate(String peerId, Map<String, FileEntry> offered, List<String> dropped, List<FileEntry> changed) {
    long files = offered.size() - dropped.size();
    long nameBytes = nameBytesOf(peerId);
    for (String id : dropped) {
      nameBytes -= utf8Length(offered.get(id).name());
    }
    for (FileEntry file : changed) {
      FileEntry before = offered.get(file.fileId());
      if (before == null) {
        files++;
      } else {
        nameBytes -= utf8Length(before.name());
      }
      nameBytes += utf8Length(file.name());
    }
    return new Offered(files, nameBytes);
  }

  /** The UTF-8 bytes of the names of {@code files}. */
  static long nameBytes(Collection<FileEntry> files) {
    long bytes = 0;
    for (FileEntry file : files) {
      bytes += utf8Length(file.name());
    }
    return bytes;
  }
}
