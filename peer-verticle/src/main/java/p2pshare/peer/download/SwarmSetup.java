package p2pshare.peer.download;

import p2pshare.peer.PeerMeters;

/**
 * What every transfer of the node shares: how sources are reached, the tuning, the folders, the meters, and the
 * sources banned from files for bad chunks (never added; one that sends a bad chunk joins them).
 */
record SwarmSetup(Dialing dialing, DownloadSettings settings, DownloadFolders folders, PeerMeters meters,
    BanList bans) {
}
