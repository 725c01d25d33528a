package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * An exclusive lock on a journal, held by one upload from before its Upload is created until it
 * ends, so that two processes (or two uploads of one process) never send parts of the same file
 * at once. The lock is an OS file lock on a file beside the journal ({@code NAME.lock}), never
 * followed through a link.
 *
 * <p>The lock file is deleted when the lock is released, while it is still held, so that nothing
 * is left behind. That is safe because taking the lock checks, once it is locked, that the path
 * still names the file it opened (the same file key before opening and after locking): a process
 * that opened the file just before its holder deleted it finds the name gone or naming another
 * file, and starts over. Where the file system has no file keys (Windows) that check cannot be
 * made, so the lock file stays there, as it always did.
 */
final class JournalLock implements AutoCloseable {
  /** How often taking starts over because the file was deleted or replaced under it, before giving up. */
  private static final int ATTEMPTS = 20;

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  /** The locked file's key, or null where the file system has none (the file then stays). */
  private final Object key;

  private JournalLock(Path path, FileChannel channel, FileLock lock, Object key) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.key = key;
  }

  /**
   * Takes the lock of {@code journal}.
   *
   * @throws UploadValidationException if another upload holds it, or it cannot be made
   */
  static JournalLock take(Path journal) {
    Path path = FileNames.sibling(journal, ".lock");
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        JournalLock taken = tryTake(journal, path);
        if (taken != null) {
          return taken;
        }
      }
    } catch (IOException e) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_IN_USE, "journal", journal, "the journal's lock " + path + " cannot be taken: "
          + e.getMessage());
    }
    throw new UploadValidationException(UploadValidationException.Code.JOURNAL_IN_USE, "journal", journal, "the journal's lock " + path
        + " cannot be taken: it was deleted or replaced " + ATTEMPTS + " times while being locked; try again");
  }

  /** One attempt: the lock, or null when the file changed under it (start over); throws if it is held. */
  private static JournalLock tryTake(Path journal, Path path) throws IOException {
    Object before = keyOf(path);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException held) {
        lock = null;
      }
      if (lock == null) {
        throw new UploadValidationException(UploadValidationException.Code.JOURNAL_IN_USE, "journal", journal, "another upload is using the journal " + journal
            + " (its lock " + path + " is held): wait for it to end, or stop it; nothing was sent");
      }
      Object after = keyOf(path);
      if (before == null && after != null) {
        // this attempt made the file (or it came just before): check it again on the next one
        channel.close();
        return null;
      }
      if (!Objects.equals(before, after) || after == null && Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
        channel.close(); // deleted or replaced by its last holder: what was locked is no longer the lock
        return null;
      }
      // who holds it, for a person looking; written through the locked channel (closing any other
      // descriptor of the file would release the lock)
      channel.truncate(0);
      channel.write(StandardCharsets.UTF_8.encode("pid " + ProcessHandle.current().pid() + "\n"), 0);
      return new JournalLock(path, channel, lock, after);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** The file key of what {@code path} names, or null if it names nothing or the file system has no keys. */
  private static Object keyOf(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  /**
   * Deletes the lock file while the lock is still held (where file keys allow taking to notice),
   * then releases the lock; further calls do nothing.
   */
  @Override
  public synchronized void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      if (key != null && key.equals(keyOf(path))) {
        Files.delete(path);
      }
    } catch (IOException ignored) {
      // the lock file stays; the next upload locks it as it is
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
