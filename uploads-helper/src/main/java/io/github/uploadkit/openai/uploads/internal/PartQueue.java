package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.client.model.UploadPart;
import io.github.uploadkit.openai.uploads.PartRange;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import okhttp3.RequestBody;

/**
 * The parts of one upload: which part goes next, at most {@code concurrency} of them under way
 * (in flight, or waiting to be tried again), retries before new parts, and the id of every
 * stored part. Parts read from a stream go in
 * order and take buffer budget for their size. Thread-safe.
 */
final class PartQueue {
  private final Transfer owner;
  private final List<PartRange> parts;
  private final String[] partIds;
  private final int concurrency;
  private final boolean buffered;
  private final ArrayDeque<RetryingRequest<UploadPart>> retries = new ArrayDeque<>();
  private int next;
  private int underWay;
  private int stored;
  private volatile long bytesLeft;
  private boolean open;
  private boolean waitingForBudget;

  PartQueue(Transfer owner, ValidatedUpload upload) {
    this.owner = owner;
    this.parts = upload.plan().parts();
    this.partIds = new String[parts.size()];
    this.concurrency = upload.concurrency();
    this.buffered = upload.source().sequentialOnly();
    this.bytesLeft = upload.size();
  }

  /** Marks a part stored before a resume. */
  synchronized void alreadyStored(int number, String partId) {
    partIds[number - 1] = partId;
    stored++;
    bytesLeft -= parts.get(number - 1).length();
  }

  /** The bytes of parts not yet stored: how far the upload is from done. */
  long bytesLeft() {
    return bytesLeft;
  }

  /** Lets parts go once the Upload exists. */
  void open() {
    synchronized (this) {
      open = true;
    }
    owner.scheduler().offerParts(owner);
  }

  /**
   * The next part request to run, or null when none may go now: the upload is stopping or holds
   * its parts, {@code concurrency} are in flight, none is left, or a stream part needs more
   * than {@code budget} bytes while others hold buffers ({@code nothingBuffered} is false).
   */
  synchronized RetryingRequest<UploadPart> next(long budget, boolean nothingBuffered) {
    waitingForBudget = false;
    if (!open || owner.stopping() || owner.holdingParts()) {
      return null;
    }
    RetryingRequest<UploadPart> request = retries.pollFirst();
    if (request == null) {
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
      request = newRequest(part);
      underWay++;
    }
    owner.attemptStarting();
    return request;
  }

  synchronized boolean waitingForBudget() {
    return waitingForBudget;
  }

  /** A part whose attempt failed goes again before any new part. */
  void retry(RetryingRequest<UploadPart> request) {
    synchronized (this) {
      retries.addFirst(request);
    }
    owner.scheduler().offerParts(owner);
  }

  /** An attempt of a part ended; the part is no longer under way when {@code finished} (stored, or given up). */
  void attemptEnded(boolean finished) {
    synchronized (this) {
      if (finished) {
        underWay--;
      }
    }
    owner.scheduler().offerParts(owner);
  }

  /** Drops the parts waiting for a retry, once the upload stops. */
  void clear() {
    List<RetryingRequest<UploadPart>> dropped;
    synchronized (this) {
      dropped = List.copyOf(retries);
      underWay -= retries.size();
      retries.clear();
    }
    dropped.forEach(RetryingRequest::dropped);
  }

  synchronized boolean allStored() {
    return stored == parts.size();
  }

  synchronized List<String> partIds() {
    return Arrays.asList(partIds.clone());
  }

  private RetryingRequest<UploadPart> newRequest(PartRange part) {
    RequestBody[] body = new RequestBody[1];
    return new RetryingRequest<>(owner, RetryingRequest.Kind.PART, part, buffered ? part.length() : 0, () -> {
      if (body[0] == null) {
        CountingRequestBody counted = new CountingRequestBody(
            owner.source().body(part, owner::stopping), owner.progress()::addBytes, owner.upload().journalPath() != null);
        body[0] = counted;
      }
      ((CountingRequestBody) body[0]).takeBack();
      return owner.client().uploads().addUploadPart(owner.uploadIdOrNull(),
          PartBodies.part(owner.filename(), body[0]));
    }, new RetryingRequest.Outcome<>() {
      @Override
      public void succeeded(UploadPart value) throws IOException {
        stored(part, value, ((CountingRequestBody) body[0]).crc32c());
      }

      @Override
      public void failed(Failure failure) {
        owner.fail(failure);
      }
    });
  }

  /**
   * A part is counted stored only once the journal records it and the listener heard of it: else
   * a part that ended first but was recorded last could let the completion go first, and the
   * journal be written again after the completion removed it.
   */
  private void stored(PartRange part, UploadPart value, String crc32c) throws IOException {
    String id = owner.requireField(value.id(), "id of part " + part.number());
    if (!owner.partStored(part, id, crc32c)) {
      return;
    }
    synchronized (this) {
      partIds[part.number() - 1] = id;
      stored++;
      bytesLeft -= part.length();
    }
    owner.maybeComplete();
  }
}
