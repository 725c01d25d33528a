package io.github.uploadkit.openai.uploads.bench;

import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspectors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-byte work the helper adds to an upload, in MB/s over the same 16 MiB in memory: MD5
 * and the text encoding check (the JSONL checks are in {@link JsonlCheckBenchmarks}). Compare
 * each with MD5, which the upload does anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MicroBenchmarks {
  private static final int SIZE = 16 * 1024 * 1024;
  private ByteBuffer jsonl;

  @Setup
  public void setUp() {
    StringBuilder text = new StringBuilder(SIZE + 200);
    for (int i = 1; text.length() < SIZE; i++) {
      text.append("{\"messages\":[{\"role\":\"user\",\"content\":\"What is ").append(i)
          .append(" squared?\"},{\"role\":\"assistant\",\"content\":\"").append((long) i * i).append("\"}]}\n");
    }
    jsonl = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static final int CHUNK = 1 << 20;

  private void feed(ContentInspector inspector) {
    for (int offset = 0; offset < jsonl.limit(); offset += CHUNK) {
      inspector.accept(jsonl.duplicate().position(offset).limit(Math.min(jsonl.limit(), offset + CHUNK)));
    }
  }

  /** 16 MiB per operation: multiply ops/s by 16.8 for MB/s. */
  @Benchmark
  public String md5() {
    MessageDigest digest = TestFiles.newMd5();
    digest.update(jsonl.duplicate());
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  @Benchmark
  public Object utf8TextCheck() {
    ContentInspector inspector = ContentInspectors.forUpload(Purpose.ASSISTANTS, "text/plain");
    feed(inspector);
    return inspector.finish();
  }
}
