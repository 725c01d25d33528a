package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.nio.file.Path;

/**
 * Run in a child JVM by the lock tests: {@code hold JOURNAL} takes the journal's lock, says
 * "held" and keeps it until the process is killed; {@code try JOURNAL} takes and releases it,
 * exiting 0 when it was free and 3 (saying why) when another upload holds it.
 */
public final class JournalLockMain {
  static final int REFUSED = 3;

  private JournalLockMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Path journal = Path.of(args[1]);
    JournalLock lock;
    try {
      lock = JournalLock.take(journal);
    } catch (UploadValidationException e) {
      System.out.println(e.getMessage());
      System.exit(REFUSED);
      return;
    }
    if (args[0].equals("hold")) {
      System.out.println("held");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    lock.close();
    System.out.println("taken");
  }
}
