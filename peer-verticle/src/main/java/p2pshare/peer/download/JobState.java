package p2pshare.peer.download;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a {@link DownloadJob} and the only moves between them. A job holds one of the engine's slots while
 * it is starting, running or waiting for a source.
 */
enum JobState {
  /** Waits for a free slot. */
  QUEUED,
  /** Has a slot: closes its last transfer's part file, asks the tracker for sources and checks the disk. */
  STARTING,
  /** Its transfer fetches from sources. */
  RUNNING,
  /** No source could go on: it asks the tracker again at its retry time, and keeps its slot meanwhile. */
  WAITING,
  /** Stopped on request: no transfer, no slot, no retry, its part file kept, until it is resumed. */
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** Where each state may go; a waiting job that tries again and finds no source yet waits again. */
  private static final java.util.Map<JobState, Set<JobState>> MOVES = new java.util.EnumMap<>(java.util.Map.of(
      QUEUED, EnumSet.of(STARTING, PAUSED, CANCELLED),
      STARTING, EnumSet.of(RUNNING, WAITING, FAILED, PAUSED, CANCELLED),
      RUNNING, EnumSet.of(WAITING, COMPLETED, FAILED, PAUSED, CANCELLED),
      WAITING, EnumSet.of(WAITING, RUNNING, FAILED, PAUSED, CANCELLED),
      PAUSED, EnumSet.of(QUEUED, CANCELLED),
      COMPLETED, EnumSet.noneOf(JobState.class),
      FAILED, EnumSet.noneOf(JobState.class),
      CANCELLED, EnumSet.noneOf(JobState.class)));

  boolean canMoveTo(JobState next) {
    return MOVES.get(this).contains(next);
  }

  boolean finished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  boolean holdsSlot() {
    return this == STARTING || this == RUNNING || this == WAITING;
  }

  /** The state the API shows: starting is internal, and shows as running. */
  Download.State shown() {
    return this == STARTING ? Download.State.RUNNING : Download.State.valueOf(name());
  }
}
