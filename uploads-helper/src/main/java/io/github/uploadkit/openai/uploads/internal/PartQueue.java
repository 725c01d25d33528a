package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.model.UploadPart;
import io.github.uploadkit.openai.uploads.PartRange;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.RequestBody;
import retrofit2.Call;

/**
 * The parts of one upload: which part goes next, at most {@code concurrency} of them under way
 * (in flight, or waiting to be tried again), retries before new parts, and the id of every
 * stored part. Parts read from a stream go in order and take buffer budget for their size.
 * Thread-safe.
 */
final class PartQueue implements Scheduler.Parts {
  /** What the parts need of their upload. */
  interface Host {
    /** Whether the upload failed or was cancelled. */
    boolean stopping();

    /** Where the part requests report their attempts. */
    RetryingRequest.Host requests();

    /** Whether the content checks found a problem, so no more parts go. */
    boolean holdingParts();

    /** A part's body, counting its bytes as they go. */
    CountingRequestBody body(PartRange part) throws IOException;

    /** The call that sends {@code body} as a part of the Upload. */
    Call<UploadPart> addPart(RequestBody body);

    /** Records a stored part (journal, listener); false when that failed and the upload with it. */
    boolean partStored(PartRange part, String partId, String crc32c);

    /** Every part may now be stored: completes the Upload if all else is ready. */
    void maybeComplete();

    void fail(Failure failure);

    /** Tells the scheduler that these parts may have one to send. */
    void offerParts();
  }

  private final Host host;
  private final List<PartRange> parts;
  private final String[] partIds;
  private final String[] checksums;
  private final int concurrency;
  private final boolean buffered;
  private final ArrayDeque<RetryingRequest<UploadPart>> retries = new ArrayDeque<>();
  private int next;
  private int underWay;
  private int stored;
  private volatile long bytesLeft;
  private boolean open;
  private boolean waitingForBudget;

  PartQueue(Host host, ValidatedUpload upload) {
    this.host = host;
    this.parts = upload.plan().parts();
    this.partIds = new String[parts.size()];
    this.checksums = new String[parts.size()];
    this.concurrency = upload.concurrency();
    this.buffered = upload.source().sequentialOnly();
    this.bytesLeft = upload.size();
  }

  /** Marks a part stored before a resume, with the CRC32C of the bytes sent for it. */
  synchronized void alreadyStored(int number, String partId, String crc32c) {
    partIds[number - 1] = partId;
    checksums[number - 1] = crc32c;
    stored++;
    bytesLeft -= parts.get(number - 1).length();
  }

  @Override
  public long bytesLeft() {
    return bytesLeft;
  }

  /** Lets parts go once the Upload exists. */
  void open() {
    synchronized (this) {
      open = true;
    }
    host.offerParts();
  }

  /**
   * The next part request to run, or null when none may go now: the upload is stopping or holds
   * its parts, {@code concurrency} are in flight, none is left, or a stream part needs more
   * than {@code budget} bytes while others hold buffers ({@code nothingBuffered} is false).
   */
  @Override
  public synchronized RetryingRequest<UploadPart> next(long budget, boolean nothingBuffered) {
    waitingForBudget = false;
    if (!open || host.stopping() || host.holdingParts()) {
      return null;
    }
    RetryingRequest<UploadPart> request = retries.pollFirst();
    if (request != null) {
      return request;
    }
    if (underWay >= concurrency) {
      return null;
    }
    while (next < parts.size() && partIds[next] != null) {
      next++;
    }
    if (next >= parts.size()) {
      return null;
    }
    PartRange part = parts.get(next);
    if (buffered && part.length() > budget && !nothingBuffered) {
      waitingForBudget = true;
      return null;
    }
    next++;
    underWay++;
    PartCall call = new PartCall(host, this, part);
    return new RetryingRequest<>(host.requests(), RetryingRequest.Kind.PART, part, buffered ? part.length() : 0, call, call);
  }

  @Override
  public synchronized boolean waitingForBudget() {
    return waitingForBudget;
  }

  /** A part whose attempt failed goes again before any new part. */
  void retry(RetryingRequest<?> request) {
    synchronized (this) {
      retries.addFirst(cast(request));
    }
    host.offerParts();
  }

  @SuppressWarnings("unchecked")
  private static RetryingRequest<UploadPart> cast(RetryingRequest<?> request) {
    return (RetryingRequest<UploadPart>) request;
  }

  /** A part request is over (stored, or given up): it is no longer under way. The caller tells the scheduler. */
  synchronized void ended() {
    underWay--;
  }

  /** Drops the parts waiting for a retry, once the upload stops; returns them. */
  List<RetryingRequest<UploadPart>> clear() {
    synchronized (this) {
      List<RetryingRequest<UploadPart>> dropped = List.copyOf(retries);
      underWay -= retries.size();
      retries.clear();
      return dropped;
    }
  }

  synchronized boolean allStored() {
    return stored == parts.size();
  }

  synchronized List<String> partIds() {
    return Arrays.asList(partIds.clone());
  }

  /** The stored parts, for a pause to record: part number to part id, and to the CRC32C of the bytes sent. */
  synchronized StoredParts storedParts() {
    TreeMap<String, String> ids = new TreeMap<>();
    TreeMap<String, String> crcs = new TreeMap<>();
    for (int i = 0; i < partIds.length; i++) {
      if (partIds[i] != null) {
        ids.put(String.valueOf(i + 1), partIds[i]);
        crcs.put(String.valueOf(i + 1), checksums[i]);
      }
    }
    return new StoredParts(ids, crcs);
  }

  /** Part ids and checksums by part number (in decimal), as a journal records them. */
  record StoredParts(Map<String, String> ids, Map<String, String> checksums) {
  }

  /** Parts neither stored nor under way: for the engine's snapshot. */
  synchronized int waiting() {
    return parts.size() - stored - underWay + retries.size();
  }

  /**
   * A part is counted stored only once the journal records it and the listener heard of it: else
   * a part that ended first but was recorded last could let the completion go first, and the
   * journal be written again after the completion removed it.
   */
  void stored(PartRange part, String partId, String crc32c) {
    if (!host.partStored(part, partId, crc32c)) {
      return;
    }
    synchronized (this) {
      partIds[part.number() - 1] = partId;
      checksums[part.number() - 1] = crc32c;
      stored++;
      bytesLeft -= part.length();
    }
    host.maybeComplete();
  }
}
