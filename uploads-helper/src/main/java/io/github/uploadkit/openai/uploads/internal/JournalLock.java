package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a journal, held by one upload from before its Upload is created until it
 * ends, so that two processes (or two uploads of one process) never send parts of the same file
 * at once. The lock is an OS file lock on a file beside the journal ({@code NAME.lock}), never
 * followed through a link. The lock file stays when the lock is released: removing it would let
 * a process that opened it just before lock a file no other process can find any more.
 */
final class JournalLock implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private JournalLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code journal}.
   *
   * @throws UploadValidationException if another upload holds it, or it cannot be made
   */
  static JournalLock take(Path journal) {
    Path path = FileNames.sibling(journal, ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException held) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new UploadValidationException(UploadValidationException.Code.JOURNAL_IN_USE, "journal", journal, "another upload is using the journal " + journal
            + " (its lock " + path + " is held): wait for it to end, or stop it; nothing was sent");
      }
      // who holds it, for a person looking; written through the locked channel (closing any other
      // descriptor of the file would release the lock)
      channel.truncate(0);
      channel.write(java.nio.charset.StandardCharsets.UTF_8.encode("pid " + ProcessHandle.current().pid() + "\n"), 0);
      return new JournalLock(path, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_IN_USE, "journal", journal, "the journal's lock " + path + " cannot be taken: "
          + e.getMessage());
    }
  }

  /** Releases the lock; further calls do nothing. */
  @Override
  public synchronized void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
