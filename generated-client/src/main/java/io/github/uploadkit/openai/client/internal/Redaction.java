package io.github.uploadkit.openai.client.internal;

import java.io.PrintStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for a secret (the API key) in text that may hold anything a server sent: every
 * occurrence in the whole string is replaced by {@value #MARK}, after the string is put together
 * and before it is printed, logged or put in an exception, so that no field of an answer (an id,
 * a name, a status, a message, a header) can carry the key out. Used by the client for its
 * exceptions, by the upload library for its own, and by the command-line tool for everything it
 * prints.
 */
public final class Redaction {
  /** What stands in for the secret. */
  public static final String MARK = "[redacted]";

  private Redaction() {
  }

  /** {@code text} with every occurrence of {@code secret} replaced; null stays null, an empty secret changes nothing. */
  public static @Nullable String redact(@Nullable String text, @Nullable String secret) {
    if (text == null || secret == null || secret.isEmpty() || !text.contains(secret)) {
      return text;
    }
    return text.replace(secret, MARK);
  }

  /**
   * A stream that prints through {@code out} (in its charset) with {@code secret} redacted from
   * each string as a whole: {@code print}, {@code println}, {@code printf} and stack traces.
   * Raw bytes written with {@code write} pass unchanged.
   */
  public static PrintStream printStream(PrintStream out, @Nullable String secret) {
    return secret == null || secret.isEmpty() ? out : new RedactingPrintStream(out, secret);
  }

  private static final class RedactingPrintStream extends PrintStream {
    private final PrintStream out;
    private final String secret;

    RedactingPrintStream(PrintStream out, String secret) {
      super(out, true);
      this.out = out;
      this.secret = secret;
    }

    @Override
    public void print(@Nullable String s) {
      out.print(redact(String.valueOf(s), secret));
    }

    @Override
    public void print(@Nullable Object o) {
      print(String.valueOf(o));
    }

    @Override
    public void print(char[] s) {
      print(new String(s));
    }

    @Override
    public void println(@Nullable String s) {
      out.println(redact(String.valueOf(s), secret));
    }

    @Override
    public void println(@Nullable Object o) {
      println(String.valueOf(o));
    }

    @Override
    public void println(char[] s) {
      println(new String(s));
    }

    @Override
    public void println() {
      out.println();
    }

    @Override
    public PrintStream format(String format, Object... args) {
      print(String.format(format, args));
      return this;
    }

    @Override
    public PrintStream format(Locale locale, String format, Object... args) {
      print(String.format(locale, format, args));
      return this;
    }

    @Override
    public PrintStream append(@Nullable CharSequence csq) {
      print(String.valueOf(csq));
      return this;
    }

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      out.write(buf, off, len);
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      out.close();
    }

    @Override
    public boolean checkError() {
      return out.checkError();
    }
  }
}
