package io.github.uploadkit.openai.uploads.bench;

import io.github.uploadkit.openai.uploads.TestFiles;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.files.FilePurpose;
import com.openai.models.uploads.UploadCompleteParams;
import com.openai.models.uploads.UploadCreateParams;
import com.openai.models.uploads.parts.PartCreateParams;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.Uploader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/** The ways of moving one file that the benchmarks compare; each returns the bytes it moved. */
final class Scenarios {
  static final int PART = 64 * 1024 * 1024;

  private final String baseUrl;
  private final String apiKey;
  private final OpenAiClient client;

  Scenarios(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.client = OpenAiClient.builder().apiKey(apiKey).baseUrl(baseUrl).build();
  }

  private Upload create(Path file, String filename) throws IOException {
    return client.execute(client.uploads().createUpload(CreateUploadRequest.builder().filename(filename)
        .purpose(CreateUploadRequest.PurposeEnum.USER_DATA).bytes(Files.size(file))
        .mimeType("application/octet-stream").build()));
  }

  /** Ceiling: the whole file as one streamed multipart POST, with no client-side work at all. */
  long rawPost(Path file) throws IOException {
    Upload upload = create(file, "raw.bin");
    OkHttpClient http = new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1))
        .readTimeout(java.time.Duration.ofMinutes(10)).writeTimeout(java.time.Duration.ofMinutes(10)).build();
    MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addPart(PartBodies.fromFile(file, 0, Files.size(file), "raw.bin")).build();
    Request request = new Request.Builder().url(baseUrl + "uploads/" + upload.id() + "/parts")
        .header("Authorization", "Bearer " + apiKey).post(body).build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("raw POST failed: HTTP " + response.code());
      }
    }
    client.execute(client.uploads().cancelUpload(upload.id()));
    return Files.size(file);
  }

  /** Ceiling: MD5 alone over the file, read as the helper reads it. */
  static String md5(Path file) throws IOException {
    MessageDigest digest = TestFiles.newMd5();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  /** The helper, as a user calls it. */
  long helper(Path file, Purpose purpose, int concurrency, boolean md5, boolean checks) {
    Uploader uploader = Uploader.create(client);
    uploader.upload(UploadRequest.builder(file, purpose).concurrency(concurrency).md5(md5).contentChecks(checks).build());
    return file.toFile().length();
  }

  /** The official Python helper's way: each 64 MiB part read into memory, sent one at a time. */
  long sequentialInMemory(Path file) throws IOException {
    Upload upload = create(file, "sequential.bin");
    List<String> ids = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (byte[] part; (part = in.readNBytes(PART)).length > 0; ) {
        ids.add(client.execute(client.uploads().addUploadPart(upload.id(), PartBodies.fromBytes(part, "sequential.bin"))).id());
      }
    }
    client.execute(client.uploads().completeUpload(upload.id(), CompleteUploadRequest.builder().partIds(ids).build()));
    return Files.size(file);
  }

  /** The official Java SDK's raw Uploads endpoints, called the same sequential way. */
  long officialSdk(Path file) throws IOException {
    OpenAIClient sdk = OpenAIOkHttpClient.builder().apiKey(apiKey).baseUrl(baseUrl.replaceAll("/$", ""))
        .timeout(java.time.Duration.ofMinutes(10)).build();
    try {
      var upload = sdk.uploads().create(UploadCreateParams.builder().filename("sdk.bin").bytes(Files.size(file))
          .mimeType("application/octet-stream").purpose(FilePurpose.USER_DATA).build());
      List<String> ids = new ArrayList<>();
      try (InputStream in = Files.newInputStream(file)) {
        for (byte[] part; (part = in.readNBytes(PART)).length > 0; ) {
          ids.add(sdk.uploads().parts().create(PartCreateParams.builder().uploadId(upload.id()).data(part).build()).id());
        }
      }
      sdk.uploads().complete(UploadCompleteParams.builder().uploadId(upload.id()).partIds(ids).build());
    } finally {
      sdk.close();
    }
    return Files.size(file);
  }
}
