package io.github.uploadkit.openai.uploads.internal.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.TestFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/** For each rule, a file that fails it and one that passes, fed in small chunks as an upload would. */
class ContentChecksTest {
  static ContentReport check(Purpose purpose, String mimeType, byte[] bytes) {
    ContentInspector inspector = ContentInspectors.forUpload(purpose, mimeType);
    for (int i = 0; i < bytes.length; i += 7) { // odd chunk sizes: rules must not care where chunks end
      inspector.accept(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
    }
    return inspector.finish();
  }

  static ContentReport check(Purpose purpose, String mimeType, String text) {
    return check(purpose, mimeType, text.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> problems(ContentReport report) {
    return report.problems().stream().map(ContentReport.Problem::toString).toList();
  }

  static String batchLine(String id, String url) {
    return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"" + url + "\",\"body\":{\"model\":\"m\"}}\n";
  }

  @Test
  void everyLineMustBeOneJsonObject() {
    assertThat(check(Purpose.EVALS, "text/jsonl", "{\"a\":1}\n{\"b\":[2]}").clean()).isTrue(); // no final newline
    ContentReport report = check(Purpose.EVALS, "text/jsonl", "{\"a\":1}\n\n[1]\n{\"a\":\n{} {}\n\"x\"\n");
    assertThat(problems(report)).containsExactly(
        "line 2 (byte 8): the line is blank: every line must be one JSON object",
        "line 3 (byte 9): the line is an array, not a JSON object",
        "line 4 (byte 18): the line ends before its JSON value does",
        "line 5 (byte 22): the line has more after its JSON value: expected one JSON object per line",
        "line 6 (byte 25): the line is a string, not a JSON object");
    assertThat(report.lines()).isEqualTo(6);
  }

  @Test
  void batchLinesNeedAUniqueIdPostOneUrlAndABody() {
    String good = batchLine("r1", "/v1/chat/completions") + batchLine("r2", "/v1/chat/completions");
    assertThat(check(Purpose.BATCH, "text/jsonl", good).describe()).isEqualTo("no problems found in 2 lines");

    String bad = batchLine("r1", "/v1/chat/completions") + batchLine("r1", "/v1/chat/completions")
        + "{\"custom_id\":\"r3\",\"method\":\"GET\",\"url\":\"/v1/embeddings\",\"body\":\"x\"}\n"
        + "{\"method\":\"POST\",\"url\":\"/v1/images\",\"body\":{}}\n";
    assertThat(problems(check(Purpose.BATCH, "text/jsonl", bad))).containsExactly(
        "line 2 (byte 85): custom_id \"r1\" repeats the one on line 1: each custom_id must be unique",
        "line 3 (byte 170): method is \"GET\": it must be \"POST\"",
        "line 3 (byte 170): url \"/v1/embeddings\" differs from \"/v1/chat/completions\" on line 1: every request in a"
            + " batch file must use the same url",
        "line 3 (byte 170): body is a string: it must be a JSON object",
        "line 4 (byte 238): custom_id is missing or null: each request needs a unique, non-empty string custom_id",
        "line 4 (byte 238): url is \"/v1/images\": expected one of /v1/responses, /v1/chat/completions,"
            + " /v1/embeddings, /v1/completions, /v1/moderations");
  }

  @Test
  void customIdsAreComparedWholeWhateverTheirLengthOrEscapes() {
    String longA = "x".repeat(5000) + "a";
    String longB = "x".repeat(5000) + "b";
    String lines = batchLine(longA, "/v1/embeddings") + batchLine(longB, "/v1/embeddings")
        + batchLine("ab", "/v1/embeddings") + batchLine("a\\u0062", "/v1/embeddings")
        + batchLine(longA, "/v1/embeddings");
    assertThat(problems(check(Purpose.BATCH, "text/jsonl", lines))).extracting(p -> p.replaceAll("\\(byte \\d+\\)", ""))
        .containsExactly(
            "line 4 : custom_id \"ab\" repeats the one on line 3: each custom_id must be unique",
            "line 5 : custom_id \"" + "x".repeat(64) + "...\" repeats the one on line 1: each custom_id must be unique");
  }

  @Test
  void batchFilesHoldAtMost50000RequestsAnd200Mb() {
    String lines = IntStream.rangeClosed(1, 50_001).mapToObj(i -> batchLine("r" + i, "/v1/embeddings"))
        .collect(Collectors.joining());
    ContentReport report = check(Purpose.BATCH, "text/jsonl", lines);
    assertThat(problems(report)).containsExactly("byte 0: the file has 50001 requests: a batch file may have at most 50000");
    assertThat(check(Purpose.BATCH, "text/jsonl", lines.substring(0, lines.lastIndexOf("{\"custom_id\""))).clean()).isTrue();

    Problems sized = new Problems();
    new JsonlRules.Batch().finish(10, 200_000_001L, sized);
    assertThat(sized.listed()).extracting(ContentReport.Problem::message)
        .containsExactly("the file has 200000001 bytes: a batch file may have at most 200000000 bytes (200 MB)");
  }

  @Test
  void fineTuningLinesHaveOneOfTheTrainingShapes() {
    String good = "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"q\"},"
        + "{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
        + "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"q\"}]},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}]}\n"
        + "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]},\"preferred_output\":[{\"role\":\"assistant\","
        + "\"content\":\"good\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"bad\"}]}\n"
        + "{\"prompt\":\"p\",\"completion\":\"c\"}\n";
    assertThat(check(Purpose.FINE_TUNE, "text/jsonl", good).describe()).isEqualTo("no problems found in 4 lines");

    String bad = "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}\n"
        + "{\"messages\":[{\"role\":\"robot\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":5}]}\n"
        + "{\"input\":{\"messages\":[]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
        + "{\"prompt\":\"p\"}\n"
        + "{\"text\":\"hello\"}\n";
    assertThat(problems(check(Purpose.FINE_TUNE, "text/jsonl", bad))).containsExactly(
        "line 1 (byte 0): messages has no assistant message: fine-tuning needs one to learn from",
        "line 2 (byte 45): messages[0].role is \"robot\": expected one of system, developer, user, assistant, tool",
        "line 2 (byte 45): messages[1].content is a number: expected a string or an array of content parts",
        "line 3 (byte 124): input.messages is an array: it must be a non-empty array of messages",
        "line 3 (byte 124): non_preferred_output is missing or null: it must be a non-empty array of messages",
        "line 4 (byte 206): completion is missing or null: the prompt and completion form needs both as strings",
        "line 5 (byte 221): the object is none of the fine-tuning shapes: expected \"messages\" (chat), \"input\" with"
            + " \"preferred_output\" and \"non_preferred_output\" (preference), or \"prompt\" and \"completion\"");
  }

  @Test
  void manyProblemsListTheFirst20AndCountAll() {
    ContentReport report = check(Purpose.EVALS, "text/jsonl", "nope\n".repeat(45));
    assertThat(report.problems()).hasSize(20);
    assertThat(report.problemCount()).isEqualTo(45);
    assertThat(report.describe()).startsWith("45 problems found in 45 lines (the first 20 are listed):")
        .doesNotContain("nope");
  }

  @Test
  void textForFileSearchMustBeUtf8Utf16WithABomOrAscii() {
    assertThat(check(Purpose.ASSISTANTS, "text/plain", "plain ASCII\n").clean()).isTrue();
    assertThat(check(Purpose.ASSISTANTS, "text/markdown", "# Überschrift — ünïcödé ✓ 𝄞\n").clean()).isTrue();
    byte[] utf16 = ("\uFEFFhello ✓ 𝄞").getBytes(StandardCharsets.UTF_16LE);
    assertThat(check(Purpose.ASSISTANTS, "text/plain", utf16).clean()).isTrue();
    assertThat(check(Purpose.ASSISTANTS, "text/plain", "\uFEFFbig endian".getBytes(StandardCharsets.UTF_16BE)).clean()).isTrue();

    byte[] latin1 = "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(problems(check(Purpose.ASSISTANTS, "text/plain", latin1))).containsExactly(
        "byte 3: the bytes here are not valid UTF-8: text for file search must be UTF-8, UTF-16 with a byte order mark,"
            + " or ASCII");
    byte[] cut = java.util.Arrays.copyOf("ok ✓".getBytes(StandardCharsets.UTF_8), 5);
    assertThat(problems(check(Purpose.ASSISTANTS, "text/plain", cut)))
        .containsExactly("byte 3: the text ends inside a UTF-8 character");
    byte[] loneSurrogate = {(byte) 0xFF, (byte) 0xFE, 'a', 0, 0x00, (byte) 0xD8, 'b', 0};
    assertThat(problems(check(Purpose.ASSISTANTS, "text/plain", loneSurrogate)))
        .containsExactly("byte 4: the bytes here are not valid UTF-16: text for file search must be UTF-8, UTF-16 with a"
            + " byte order mark, or ASCII");
  }

  @Test
  void visionRefusesAnimatedGifs() throws IOException {
    assertThat(check(Purpose.VISION, "image/gif", gif(1)).clean()).isTrue();
    assertThat(problems(check(Purpose.VISION, "image/gif", gif(3)))).singleElement().asString()
        .endsWith("the GIF is animated (it has more than one frame): vision accepts only non-animated GIFs");
    assertThat(check(Purpose.ASSISTANTS, "image/gif", gif(3)).clean()).isTrue();
  }

  @Test
  void theBytesMustBeTheDeclaredType() throws IOException {
    byte[] png = image("png");
    assertThat(check(Purpose.VISION, "image/png", png).clean()).isTrue();
    assertThat(check(Purpose.VISION, "image/jpeg", image("jpeg")).clean()).isTrue();
    assertThat(check(Purpose.ASSISTANTS, "application/pdf", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n").clean()).isTrue();

    assertThat(problems(check(Purpose.ASSISTANTS, "application/pdf", png))).containsExactly("byte 0: the file's bytes are"
        + " image/png, not the application/pdf it is sent as: send its real type, or check that it is the right file");
    assertThat(problems(check(Purpose.VISION, "image/png", TestFiles.randomBytes(5000, 3)))).singleElement().asString()
        .contains("the file's bytes are application/octet-stream, not the image/png it is sent as");
  }

  @Test
  void officeFilesMustBeZipArchivesOfTheirApplication() throws IOException {
    String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    assertThat(check(Purpose.ASSISTANTS, docx, zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")).clean())
        .isTrue();
    assertThat(problems(check(Purpose.ASSISTANTS, docx, zip("[Content_Types].xml", "ppt/presentation.xml"))))
        .containsExactly("byte 0: the file is a ZIP archive but not a Word document (it has no word/ entries)");
    assertThat(problems(check(Purpose.ASSISTANTS, docx, zip("notes.txt")))).containsExactly(
        "byte 0: the file is a ZIP archive but not a Word document (it has no [Content_Types].xml entry)");
    assertThat(check(Purpose.ASSISTANTS, "application/zip", zip("notes.txt")).clean()).isTrue();
    assertThat(check(Purpose.ASSISTANTS, docx, "plain text".getBytes(StandardCharsets.UTF_8)).clean()).isFalse();
  }

  static byte[] zip(String... names) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String name : names) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(TestFiles.randomBytes(3000, name.hashCode()));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static byte[] image(String format) throws IOException {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, 0xff0000);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, format, bytes);
    return bytes.toByteArray();
  }

  static byte[] gif(int frames) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (int i = 0; i < frames; i++) {
        BufferedImage frame = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED);
        frame.setRGB(i, i, 0xffffff);
        writer.writeToSequence(new IIOImage(frame, null, null), null);
      }
      writer.endWriteSequence();
    }
    return bytes.toByteArray();
  }
}
