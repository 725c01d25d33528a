package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * An exclusive lock on a journal, held by one upload from before its Upload is created until it
 * ends, so that two processes (or two uploads of one process) never send parts of the same file
 * at once. It leaves nothing per journal: every journal of a folder is locked in that folder's
 * one lock file ({@value #LOCK_FILE}, made empty the first time and never written, truncated or
 * deleted), as an OS lock on one byte at a place that the journal's name picks. A holder that
 * dies loses its lock with its process.
 *
 * <p>OS locks on a file belong to the process, and closing any descriptor of the file drops all
 * of them (POSIX), so this process opens each lock file once: one channel per lock file, shared
 * by the journals of its folder, counted, and closed only when the last of them is released.
 * Two uploads of this process on one journal are told apart by that channel (the second gets
 * {@link OverlappingFileLockException}); two processes, by the OS. The channel is only ever
 * asked to lock and unlock, which an interrupted thread does without closing it.
 */
final class JournalLock implements AutoCloseable {
  /** The name of a folder's lock file, where every journal of the folder is locked. */
  static final String LOCK_FILE = ".openai-uploads.lock";

  /** Guards {@link #OPEN} and every use of its channels: held only to open, lock, unlock or close. */
  private static final Object MONITOR = new Object();
  /** This process's lock files, by real path, each open once while a journal of its folder is locked. */
  private static final Map<Path, SharedFile> OPEN = new HashMap<>();

  private static final class SharedFile {
    final Path path;
    final FileChannel channel;
    /** The locks of this process in the file. */
    int held;

    SharedFile(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }
  }

  private final SharedFile file;
  private final FileLock lock;
  private boolean released;

  private JournalLock(SharedFile file, FileLock lock) {
    this.file = file;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code journal}, in the lock file of its folder (which must exist).
   *
   * @throws UploadValidationException if another upload holds it, or it cannot be taken
   */
  static JournalLock take(Path journal) {
    if (isLockFile(journal)) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, "journal", journal, notAJournal(journal)
          + ": choose another journal path");
    }
    Path absolute = journal.toAbsolutePath().normalize();
    Path lockFile = absolute.resolveSibling(LOCK_FILE);
    JournalLock taken;
    try {
      taken = tryTake(absolute);
    } catch (IOException e) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_IN_USE, "journal", journal, "the journal's lock in "
          + lockFile + " cannot be taken: " + e.getMessage());
    }
    if (taken == null) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_IN_USE, "journal", journal, "another upload is using the journal " + journal
          + " (its lock in " + lockFile + " is held): wait for it to end, or stop it; nothing was sent");
    }
    return taken;
  }

  /**
   * Whether {@code file} is named as a folder's lock file, or is a link to one, which is never
   * used as a journal: not read (closing a descriptor of it would drop this process's locks in it)
   * nor written (a journal moved over it would replace the file that other processes lock).
   */
  static boolean isLockFile(Path file) {
    if (named(file)) {
      return true;
    }
    try {
      return Files.isSymbolicLink(file) && named(file.toRealPath());
    } catch (IOException | SecurityException unreachable) {
      return false; // a link to nothing: not a lock file, and reading it fails on its own
    }
  }

  private static boolean named(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().equals(LOCK_FILE);
  }

  /** Why {@code file}, named as a lock file, is not taken as a journal. */
  static String notAJournal(Path file) {
    return file + " is the lock file of the journals of its folder (or a link to one), so it is never used as a journal";
  }

  /** The lock, or null when another upload of this process or another holds it. */
  static JournalLock tryTake(Path journal) throws IOException {
    Path folder = journal.getParent();
    if (folder == null) {
      throw new IOException(journal + " names no file");
    }
    Path lockFile;
    try {
      // the folder's real path, so that every path to the folder shares its one channel in this process
      lockFile = folder.toRealPath().resolve(LOCK_FILE);
    } catch (NoSuchFileException e) {
      throw new IOException("its folder " + folder + " does not exist", e);
    }
    long position = position(journal);
    synchronized (MONITOR) {
      SharedFile shared = OPEN.get(lockFile);
      if (shared == null) {
        shared = new SharedFile(lockFile, open(lockFile));
        OPEN.put(lockFile, shared);
      }
      FileLock lock = null;
      try {
        lock = shared.channel.tryLock(position, 1, false);
      } catch (OverlappingFileLockException heldInThisProcess) {
        // lock stays null
      } finally {
        if (lock == null) {
          closeIfUnused(shared);
        }
      }
      if (lock == null) {
        return null;
      }
      shared.held++;
      return new JournalLock(shared, lock);
    }
  }

  /**
   * Opens the lock file, making it empty when missing: never through a link, and only a regular
   * file (a pipe planted there would block the opening). Read and write, so that a pipe swapped in
   * after the check does not block it either (on Linux).
   */
  private static FileChannel open(Path lockFile) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        throw new IOException(lockFile + " is not a regular file (a link, a folder or a pipe): remove it");
      }
    } catch (NoSuchFileException missing) {
      // made below
    }
    return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Where in its folder's lock file a journal is locked: 62 bits of the SHA-256 of its name's
   * bytes (the folder is the lock file's), so far below {@code Long.MAX_VALUE} that the locked
   * byte never runs past it. Two names of one folder share a place with odds of 1 in 2^62; among
   * n journals locked at once in a folder, about n^2 / 2^63 (for 10,000 at once, 1 in 10^11).
   * Sharing a place only refuses one of the two as in use; it never lets two uploads in.
   */
  static long position(Path journal) {
    byte[] name = FileNames.rawName(journal).getBytes(StandardCharsets.UTF_8); // ASCII where URIs escape every other byte
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(name)).getLong() >>> 2;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Releases the lock, and closes the lock file if no other lock of this process is in it; further calls do nothing. */
  @Override
  public void close() {
    synchronized (MONITOR) {
      if (released) {
        return;
      }
      released = true;
      file.held--;
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      } finally {
        closeIfUnused(file);
      }
    }
  }

  /** Closes the lock file when this process holds no lock in it (under {@link #MONITOR}). */
  private static void closeIfUnused(SharedFile shared) {
    if (shared.held > 0) {
      return;
    }
    OPEN.remove(shared.path, shared);
    try {
      shared.channel.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
