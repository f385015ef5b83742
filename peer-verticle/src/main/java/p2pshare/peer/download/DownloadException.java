package p2pshare.peer.download;

/**
 * Why a download cannot go on, in words the API and the dashboard show. A {@link #retryable()} failure is about
 * sources (none left, none answering): the download waits and asks the tracker again. Any other failure (the disk,
 * the final check) ends it.
 */
public final class DownloadException extends RuntimeException {
  private final boolean retryable;

  public DownloadException(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
