package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.subjects.SingleSubject;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.download.DownloadException.Reason;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.SharedFile;
import p2pshare.testkit.Poll;

/** Every move of a download job, driven through fake transfers: no network, no tracker. */
class DownloadJobTest {
  private static final String FILE_ID = "ab".repeat(32);
  private static final List<JsonObject> PEERS = List.of(new JsonObject().put("peerId", "seeder"));
  /** Retries after 20 ms, then 40 ms, …: the waiting tests do not wait long. */
  private static final DownloadSettings SETTINGS = new DownloadSettings(4, 32, 2_000, 3, 10, 1, 0, 20, 1_000, 1_000);

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();
  private final FakeTransfers transfers = new FakeTransfers();
  private final List<String> moves = new ArrayList<>();
  private final List<Download> told = new ArrayList<>();
  private DownloadJob job;

  @BeforeEach
  void newJob() throws Exception {
    job = onLoop(() -> newJob(JobState.QUEUED));
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  private DownloadJob newJob(JobState state) {
    return newJob(state, SETTINGS);
  }

  private DownloadJob newJob(JobState state, DownloadSettings settings) {
    DownloadJob.Setup setup = new DownloadJob.Setup(vertx, transfers, new DownloadStore(vertx, dir), settings);
    return new DownloadJob(setup, new DownloadProgress("d1", FILE_ID, "film.bin", 1000), state, (moved, from) -> {
      moves.add(from + ">" + moved.state());
      told.add(moved.snapshot());
    });
  }

  @Test
  void aJobBeginsQueuedOrPausedOnly() throws Exception {
    assertEquals(JobState.QUEUED, job.state());
    assertEquals(JobState.PAUSED, onLoop(() -> newJob(JobState.PAUSED)).state());
    assertThrows(IllegalArgumentException.class, () -> newJob(JobState.RUNNING));
  }

  @Test
  void queuedStartsAndRunsWithTheSourcesItWasGiven() throws Exception {
    onLoop(() -> job.start(PEERS));

    assertEquals(List.of("QUEUED>STARTING", "STARTING>RUNNING"), moves);
    assertEquals(Download.State.RUNNING, told.get(0).state(), "starting shows as running");
    assertEquals(PEERS, transfers.last().peers);
    assertEquals(0, transfers.lookups, "no lookup: the start found the sources");
    assertEquals("running", snapshot().toJson().getString("state"));
  }

  @Test
  void aRunningJobTakesPushedSourcesAndLooksAgainWhenThePushSaysMoreChanged() throws Exception {
    onLoop(() -> job.start(PEERS));
    JsonObject fresh = new JsonObject().put("peerId", "fresh");

    onLoop(() -> job.sourcesPushed(List.of(fresh), List.of("seeder"), false));
    assertEquals(List.of(List.of(fresh), List.of("seeder")), transfers.last().pushed);
    assertEquals(0, transfers.last().refreshes);

    onLoop(() -> job.sourcesPushed(List.of(), List.of(), true));
    assertEquals(1, transfers.last().refreshes, "more changed than the push lists: it looks again");
  }

  @Test
  void aWaitingJobTriesAgainAtOnceWhenASourceIsPushed() throws Exception {
    DownloadSettings patient = new DownloadSettings(4, 32, 2_000, 3, 10, 1, 0, 600_000, 600_000, 1_000);
    DownloadJob waiting = onLoop(() -> newJob(JobState.QUEUED, patient));
    onLoop(() -> waiting.start());
    onLoop(() -> transfers.refuse(DownloadException.noSource("no source")));
    assertEquals(JobState.WAITING, waiting.state());

    onLoop(() -> waiting.sourcesPushed(List.of(), List.of("someone"), false));
    assertEquals(1, transfers.lookups, "a source that went is no reason to look again");
    onLoop(() -> waiting.sourcesPushed(PEERS, List.of(), false));
    assertEquals(2, transfers.lookups, "asked again at once, not ten minutes later");
    onLoop(() -> transfers.answer(PEERS));
    assertEquals(JobState.RUNNING, waiting.state());
  }

  @Test
  void startingLooksForSourcesAndRunsWhenItFindsSome() throws Exception {
    onLoop(() -> job.start());
    assertEquals(JobState.STARTING, job.state());
    assertEquals(Download.State.RUNNING, snapshot().state());

    onLoop(() -> transfers.answer(PEERS));

    assertEquals(List.of("QUEUED>STARTING", "STARTING>RUNNING"), moves);
    assertEquals(PEERS, transfers.last().peers);
  }

  @Test
  void startingWithNoSourceWaitsSaysWhyAndWhenAndTriesAgain() throws Exception {
    onLoop(() -> job.start());
    long before = System.currentTimeMillis();
    onLoop(() -> transfers.refuse(DownloadException.noSource("no source")));

    assertEquals(JobState.WAITING, job.state());
    Download waiting = snapshot();
    assertEquals("waiting", waiting.toJson().getString("state"));
    assertEquals("waiting for a source (no source); next try in 1 s", waiting.error());
    assertTrue(waiting.retryAt() >= before + 20, "retryAt " + waiting.retryAt());
    assertEquals(Download.State.WAITING, told.get(told.size() - 1).state(), "the change is told");

    awaitOnLoop(() -> transfers.pending.size() == 1);
    assertEquals(2, transfers.lookups, "asked again at retryAt");
  }

  @Test
  void waitingThatFindsNoSourceAgainWaitsLonger() throws Exception {
    onLoop(() -> job.start());
    onLoop(() -> transfers.refuse(DownloadException.noSource("no source")));
    long firstTry = snapshot().retryAt();
    awaitOnLoop(() -> transfers.pending.size() == 1);
    long before = System.currentTimeMillis();
    onLoop(() -> transfers.refuse(new DownloadException(Reason.TRACKER_UNAVAILABLE, "tracker away")));

    assertEquals(List.of("QUEUED>STARTING", "STARTING>WAITING", "WAITING>WAITING"), moves);
    Download again = snapshot();
    assertTrue(again.retryAt() >= before + 40 && again.retryAt() > firstTry, "the wait doubled: " + again.retryAt());
    assertTrue(again.error().contains("tracker away"), again.error());
  }

  @Test
  void waitingGoesBackToRunningWhenASourceReturns() throws Exception {
    onLoop(() -> job.start(PEERS));
    onLoop(() -> transfers.last().result.onError(DownloadException.noSource("no source left: s1: gone")));
    assertEquals(JobState.WAITING, job.state());
    awaitOnLoop(() -> transfers.pending.size() == 1);

    onLoop(() -> transfers.answer(PEERS));

    assertEquals(List.of("QUEUED>STARTING", "STARTING>RUNNING", "RUNNING>WAITING", "WAITING>RUNNING"), moves);
    Download running = snapshot();
    assertEquals(Download.State.RUNNING, running.state());
    assertNull(running.error());
    assertNull(running.toJson().getValue("retryAt"));
    assertEquals(2, transfers.opened.size(), "a new transfer goes on from the part file");
  }

  @Test
  void runningCompletesWithItsFileAndLetsGoOfItsRecord() throws Exception {
    onLoop(() -> job.start(PEERS));
    Path path = dir.resolve("film.bin");
    onLoop(() -> transfers.last().result.onSuccess(new SharedFile(path, null, null)));

    assertEquals(JobState.COMPLETED, job.state());
    assertEquals(path, snapshot().path());
    assertNotNull(snapshot().toJson().getLong("finishedAt"));
    assertEquals(List.of(FILE_ID + " completed"), transfers.withdrawn);
    assertFalse(transfers.last().discarded, "a completed download's part file became the file");
  }

  @Test
  void runningFailsOnAStorageErrorAndItsPartFileGoes() throws Exception {
    onLoop(() -> job.start(PEERS));
    onLoop(() -> transfers.last().result.onError(new DownloadException(Reason.STORAGE, "disk broke")));

    assertEquals(JobState.FAILED, job.state());
    assertEquals("disk broke", snapshot().error());
    assertTrue(transfers.last().discarded);
    assertEquals(List.of(FILE_ID + " withdrawn"), transfers.withdrawn);
  }

  @Test
  void aFileThatCouldNotBePublishedFailsAndKeepsItsPartFile() throws Exception {
    onLoop(() -> job.start(PEERS));
    onLoop(() -> transfers.last().result.onError(new DownloadException(Reason.PUBLISH, "folder gone; kept")));

    assertEquals(JobState.FAILED, job.state());
    assertFalse(transfers.last().discarded);
    assertEquals(List.of(FILE_ID + " withdrawn"), transfers.withdrawn, "no longer offered");
  }

  @Test
  void startingFailsWhenTheDiskHasNoRoom() throws Exception {
    onLoop(() -> job.start());
    onLoop(() -> transfers.refuse(new DownloadException(Reason.NO_SPACE, "not enough space")));

    assertEquals(List.of("QUEUED>STARTING", "STARTING>FAILED"), moves);
    assertEquals(1, transfers.partsDiscarded, "no transfer ran: its part file is removed by fileId");
  }

  @Test
  void runningPausesStopsItsTransferAndSaysSoInItsRecord() throws Exception {
    onLoop(() -> job.start(PEERS));
    FakeTransfer transfer = transfers.last();

    onLoop(() -> job.pause());

    assertEquals(JobState.PAUSED, job.state());
    assertTrue(transfer.disposed, "the transfer stopped");
    assertTrue(transfer.stopped, "its part file closed");
    assertFalse(transfer.discarded);
    assertTrue(record().getBoolean("paused"));
  }

  @Test
  void waitingPausesAndTriesNoMore() throws Exception {
    onLoop(() -> job.start());
    onLoop(() -> transfers.refuse(DownloadException.noSource("no source")));

    onLoop(() -> job.pause());

    assertEquals(JobState.PAUSED, job.state());
    assertNull(snapshot().error());
    assertEquals(0, snapshot().retryAt());
    // Ten times the retry delay: the timer was cancelled, so no lookup came.
    Promise<Void> later = Promise.promise();
    vertx.setTimer(200, t -> later.complete());
    await(later.future());
    assertEquals(1, onLoop(() -> transfers.lookups));
  }

  @Test
  void startingPausesAndAnAnswerThatComesLaterChangesNothing() throws Exception {
    onLoop(() -> job.start());
    onLoop(() -> job.pause());

    onLoop(() -> transfers.answer(PEERS));

    assertEquals(JobState.PAUSED, job.state());
    assertTrue(transfers.opened.isEmpty(), "no transfer for a paused download");
  }

  @Test
  void pausedResumesIntoTheQueueAndItsNextStartClosesTheLastTransferFirst() throws Exception {
    onLoop(() -> job.start(PEERS));
    FakeTransfer first = transfers.last();
    onLoop(() -> job.pause());
    first.stopped = false;

    onLoop(() -> job.resume());
    assertEquals(JobState.QUEUED, job.state());
    assertFalse(record().getBoolean("paused"));
    onLoop(() -> job.start());

    assertTrue(first.stopped, "the last transfer closed its part file before the lookup");
    assertEquals(2, transfers.lookups + transfers.opened.size());
    assertEquals(List.of("QUEUED>STARTING", "STARTING>RUNNING", "RUNNING>PAUSED", "PAUSED>QUEUED",
        "QUEUED>STARTING"), moves);
  }

  @Test
  void pausedCancelsAndItsPartFileGoes() throws Exception {
    onLoop(() -> job.start(PEERS));
    onLoop(() -> job.pause());

    onLoop(() -> job.cancel());

    assertEquals(JobState.CANCELLED, job.state());
    assertTrue(transfers.last().discarded);
    assertFalse(Files.exists(dir.resolve("d1.json")), "its record is gone");
  }

  @Test
  void queuedCancels() throws Exception {
    onLoop(() -> job.cancel());

    assertEquals(List.of("QUEUED>CANCELLED"), moves);
    assertEquals(1, transfers.partsDiscarded);
  }

  @Test
  void runningAndWaitingCancel() throws Exception {
    onLoop(() -> job.start(PEERS));
    onLoop(() -> job.cancel());
    assertTrue(transfers.last().disposed && transfers.last().discarded);

    DownloadJob waiting = onLoop(() -> newJob(JobState.QUEUED));
    onLoop(() -> waiting.start());
    onLoop(() -> transfers.refuse(DownloadException.noSource("no source")));
    onLoop(() -> waiting.cancel());
    assertEquals(JobState.CANCELLED, waiting.state());
  }

  @Test
  void queuedPausesWithoutATransferAndItsRecordSaysSo() throws Exception {
    onLoop(() -> job.pause());

    assertEquals(List.of("QUEUED>PAUSED"), moves);
    assertTrue(record().getBoolean("paused"));
    assertTrue(transfers.opened.isEmpty());
  }

  @Test
  void startingCancelsAndAnAnswerThatComesLaterChangesNothing() throws Exception {
    onLoop(() -> job.start());
    onLoop(() -> job.cancel());

    onLoop(() -> transfers.answer(PEERS));

    assertEquals(List.of("QUEUED>STARTING", "STARTING>CANCELLED"), moves);
    assertTrue(transfers.opened.isEmpty());
    assertEquals(1, transfers.partsDiscarded);
  }

  @Test
  void waitingFailsWhenItsNextTryFindsTheDiskFull() throws Exception {
    onLoop(() -> job.start());
    onLoop(() -> transfers.refuse(DownloadException.noSource("no source")));
    awaitOnLoop(() -> transfers.pending.size() == 1);

    onLoop(() -> transfers.refuse(new DownloadException(Reason.NO_SPACE, "not enough space in /d")));

    assertEquals(List.of("QUEUED>STARTING", "STARTING>WAITING", "WAITING>FAILED"), moves);
    Download failed = snapshot();
    assertEquals("not enough space in /d", failed.error());
    assertNull(failed.toJson().getValue("retryAt"));
  }

  @Test
  void illegalMovesAreRefusedAndChangeNothing() throws Exception {
    onLoop(() -> job.start(PEERS));
    onLoop(() -> transfers.last().result.onSuccess(new SharedFile(dir.resolve("film.bin"), null, null)));
    int movesBefore = moves.size();

    assertThrows(IllegalStateException.class, () -> onLoop(() -> job.pause()));
    assertThrows(IllegalStateException.class, () -> onLoop(() -> job.cancel()));
    assertThrows(IllegalStateException.class, () -> onLoop(() -> job.start()));
    assertEquals(JobState.COMPLETED, job.state());
    assertEquals(movesBefore, moves.size(), "nobody was told of a move that did not happen");

    DownloadJob queued = onLoop(() -> newJob(JobState.QUEUED));
    assertThrows(IllegalStateException.class, () -> onLoop(() -> queued.resume()), "queued is not paused");
    DownloadJob paused = onLoop(() -> newJob(JobState.PAUSED));
    assertThrows(IllegalStateException.class, () -> onLoop(() -> paused.start()), "a paused job is resumed first");
    assertEquals(JobState.PAUSED, paused.state());
  }

  private Download snapshot() throws Exception {
    return onLoop(() -> job.snapshot());
  }

  private JsonObject record() throws Exception {
    return new JsonObject(Files.readString(dir.resolve("d1.json")));
  }

  /** Runs {@code call} on the job's event loop and returns its result (a future's, once complete). */
  @SuppressWarnings("unchecked")
  private <T> T onLoop(Callable<T> call) throws Exception {
    Promise<T> result = Promise.promise();
    loop.runOnContext(v -> {
      try {
        T value = call.call();
        if (value instanceof Future<?> future) {
          ((Future<T>) future).onComplete(result);
        } else {
          result.complete(value);
        }
      } catch (Throwable e) {
        result.fail(e);
      }
    });
    try {
      return await(result.future());
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void onLoop(Runnable call) throws Exception {
    onLoop(() -> {
      call.run();
      return null;
    });
  }

  /** Waits, on the loop, until {@code condition} holds (bounded by 5 s). */
  private void awaitOnLoop(BooleanSupplier condition) throws Exception {
    Poll.until(loop, condition, 5, 5, "met");
  }

  /** Lookups the test answers, and transfers it finishes. */
  private static final class FakeTransfers implements Transfers {
    final Deque<Promise<List<JsonObject>>> pending = new ArrayDeque<>();
    final List<FakeTransfer> opened = new ArrayList<>();
    final List<String> withdrawn = new ArrayList<>();
    int lookups;
    int partsDiscarded;

    @Override
    public Future<List<JsonObject>> sources(String fileId) {
      lookups++;
      Promise<List<JsonObject>> lookup = Promise.promise();
      pending.add(lookup);
      return lookup.future();
    }

    void answer(List<JsonObject> peers) {
      pending.remove().complete(peers);
    }

    void refuse(Throwable why) {
      pending.remove().fail(why);
    }

    @Override
    public Transfer open(DownloadProgress progress, List<JsonObject> peers,
        Function<Manifest, Future<Void>> onProven) {
      FakeTransfer transfer = new FakeTransfer(peers);
      opened.add(transfer);
      return transfer;
    }

    FakeTransfer last() {
      return opened.get(opened.size() - 1);
    }

    @Override
    public Future<Void> discardPart(String fileId) {
      partsDiscarded++;
      return Future.succeededFuture();
    }

    @Override
    public void withdraw(String fileId, boolean completed) {
      withdrawn.add(fileId + (completed ? " completed" : " withdrawn"));
    }
  }

  /** A transfer whose outcome the test decides. */
  private static final class FakeTransfer implements Transfer {
    final List<JsonObject> peers;
    final SingleSubject<SharedFile> result = SingleSubject.create();
    boolean disposed;
    boolean stopped;
    boolean discarded;
    /** Each push: its sources, then its gone peers. */
    final List<Object> pushed = new ArrayList<>();
    int refreshes;

    FakeTransfer(List<JsonObject> peers) {
      this.peers = peers;
    }

    @Override
    public Single<SharedFile> run() {
      return result.doOnDispose(() -> disposed = true);
    }

    @Override
    public Future<Void> stop() {
      stopped = true;
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> discard() {
      discarded = true;
      return Future.succeededFuture();
    }

    @Override
    public void peerLeft(String peerId) {
    }

    @Override
    public void sourcesPushed(List<JsonObject> sources, List<String> gone) {
      pushed.add(sources);
      pushed.add(gone);
    }

    @Override
    public void refreshSources() {
      refreshes++;
    }
  }
}
