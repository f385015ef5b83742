package p2pshare.peer.download;

import p2pshare.peer.PeerMeters;

/**
 * What a {@link DownloadEngine} is made of.
 *
 * @param self this node's name, given in the hello to sources
 * @param freeSpace how much room the download folder has left (tests give a small figure)
 */
public record EngineSetup(String self, DownloadSettings settings, DownloadFolders folders, PeerMeters meters,
    FreeSpace freeSpace) {

  /** With the free space its file store reports. */
  public EngineSetup(String self, DownloadSettings settings, DownloadFolders folders, PeerMeters meters) {
    this(self, settings, folders, meters, FreeSpace.FILE_STORE);
  }
}
