package p2pshare.peer.download;

/** Why a download cannot go on, in words the API and the dashboard show. */
public final class DownloadException extends RuntimeException {
  public DownloadException(String message) {
    super(message, null, false, false);
  }
}
