package io.github.uploadkit.openai.uploads.cli;

import com.squareup.moshi.JsonWriter;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadPlan;
import java.io.IOException;
import java.nio.file.Path;
import okio.Buffer;

/**
 * The result lines of a many-file run, one per file as it ends: {@code PATH<TAB>FILE_ID} on
 * standard output (failures and refusals on standard error), or with {@code --json} one JSON
 * object per line on standard output for every file: {@code path}, {@code status}
 * ({@code completed}, {@code failed}, {@code invalid} or {@code not_started}; {@code would_send} with
 * --dry-run), then {@code file_id} and {@code bytes}, or {@code error}, {@code exit_code} and
 * {@code upload_id}. Paths, ids and
 * messages are printed by the rule of {@link PrintedText}: escaped in plain lines, exact in JSON.
 */
final class ResultLines {
  private final CliContext context;
  private final boolean json;
  private RunDisplay display;

  ResultLines(CliContext context, boolean json) {
    this.context = context;
    this.json = json;
  }

  void display(RunDisplay display) {
    this.display = display;
  }

  void completed(Path file, String fileId, long bytes, boolean earlier) {
    if (!json) {
      out(PrintedText.plain(file) + "\t" + PrintedText.plain(fileId));
      return;
    }
    out(object(writer -> {
      path(writer, file).name("status").value("completed").name("file_id").value(fileId)
          .name("bytes").value(bytes);
      if (earlier) {
        writer.name("by_earlier_run").value(true);
      }
    }));
  }

  void failed(Path file, Throwable error, int exitCode) {
    err("openai-uploads: " + PrintedText.plain(file) + ": " + PrintedText.plain(Failures.words(error)));
    if (json) {
      failedAsJson(file, error, exitCode);
    }
  }

  /** For one file with {@code --json}: its failure as a JSON line, the message being on standard error already. */
  void failedAsJson(Path file, Throwable error, int exitCode) {
    out(object(writer -> {
      path(writer, file).name("status").value("failed")
          .name("error").value(Failures.words(error)).name("exit_code").value(exitCode);
      if (error instanceof UploadException e && e.uploadId().isPresent()) {
        writer.name("upload_id").value(e.uploadId().get());
      }
    }));
  }

  /** A path refused before anything was sent: already on standard error; a JSON line with --json. */
  void invalid(PathArguments.Refusal refusal) {
    if (json) {
      out(object(writer -> path(writer, refusal.path()).name("status").value("invalid")
          .name("error").value(refusal.text()).name("exit_code").value(ExitCodes.USAGE)));
    }
  }

  /** For --dry-run: a file an earlier run uploaded, which would be skipped. */
  void wouldSkip(Path file, String fileId, long bytes) {
    if (json) {
      completed(file, fileId, bytes, true);
    } else {
      out(PrintedText.plain(file) + "\tuploaded by an earlier run as " + PrintedText.plain(fileId));
    }
  }

  /**
   * For --dry-run: a file that would be sent, and how ({@code plan}, as {@code Uploader.validate}
   * works it out); with --json its {@code status} is {@code would_send}, with the plan's
   * {@code bytes}, {@code mime_type}, {@code parts} and {@code part_size}.
   */
  void wouldSend(Path file, UploadPlan plan) {
    if (!json) {
      out(PrintedText.plain(file) + "\t" + PrintedText.plain(plan.toString()));
      return;
    }
    out(object(writer -> path(writer, file).name("status").value("would_send").name("bytes").value(plan.bytes())
        .name("mime_type").value(plan.mimeType()).name("parts").value(plan.partCount())
        .name("part_size").value(plan.partSize())));
  }

  /**
   * A refusal as plain lines for standard error: its reason, then a line per detail, indented;
   * each line escaped on its own, so that only the tool's own line breaks are printed.
   */
  static String plain(PathArguments.Refusal refusal) {
    StringBuilder text = new StringBuilder("openai-uploads: ").append(PrintedText.plain(refusal.path())).append(": ")
        .append(PrintedText.plain(refusal.reason()));
    refusal.details().forEach(detail -> text.append(System.lineSeparator()).append("  ").append(PrintedText.plain(detail)));
    return text.toString();
  }

  /** Writes the "path" member: the path exact, its bytes that are not UTF-8 included (see {@link PrintedText}). */
  private static JsonWriter path(JsonWriter writer, Path file) throws IOException {
    writer.name("path");
    try (okio.BufferedSink sink = writer.valueSink()) {
      sink.writeUtf8(PrintedText.json(file));
    }
    return writer;
  }

  /** A file the run never started (--fail-fast or an interrupt stopped it first). */
  void notStarted(Path file) {
    err("openai-uploads: " + PrintedText.plain(file) + ": not started: the run stopped before it");
    if (json) {
      out(object(writer -> path(writer, file).name("status").value("not_started")));
    }
  }

  private interface Fields {
    void write(JsonWriter writer) throws IOException;
  }

  private static String object(Fields fields) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject();
      fields.write(writer);
      writer.endObject();
    } catch (IOException e) {
      throw new AssertionError(e); // a Buffer does not fail
    }
    return buffer.readUtf8();
  }

  private void out(String line) {
    println(context.out(), line);
  }

  private void err(String line) {
    println(context.err(), line);
  }

  /** Prints through the run's display, once there is one, so that the status line is not torn. */
  private void println(java.io.PrintStream stream, String line) {
    if (display != null) {
      display.println(stream, line);
    } else {
      stream.println(line);
    }
  }
}
