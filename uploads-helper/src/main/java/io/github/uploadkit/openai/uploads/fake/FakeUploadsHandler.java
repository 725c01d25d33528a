package io.github.uploadkit.openai.uploads.fake;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.DeleteFileResponse;
import io.github.uploadkit.openai.client.model.ErrorResponse;
import io.github.uploadkit.openai.client.model.ListFilesResponse;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.client.model.UploadPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the four Uploads operations with the API's rules, and list, retrieve, delete and content
 * of the Files that its Uploads made; state lives in memory and part bytes on disk.
 */
final class FakeUploadsHandler implements HttpHandler {
  private static final Pattern PATH = Pattern.compile("^/v1/uploads(?:/([^/]+)/(parts|complete|cancel))?/?$");
  private static final Pattern FILES_PATH = Pattern.compile("^/v1/files(?:/([^/]+)(/content)?)?/?$");
  private static final int MAX_JSON_BYTES = 1 << 20;
  /** The request being handled on this thread (the JDK server runs each exchange on one thread). */
  private final ThreadLocal<FakeUploadsServer.Call> pendingCall = new ThreadLocal<>();
  /** Set while a request is handled whose response a fault drops. */
  private final ThreadLocal<Boolean> droppingResponse = new ThreadLocal<>();

  private final FakeUploadsServer.Settings settings;
  /** The client's own setup, so that a model is written as the API's object (no {@code additionalProperties} key). */
  private final Moshi moshi = OpenAiClient.moshiBuilder().build();
  private final JsonAdapter<CompleteUploadRequest> completeAdapter = moshi.adapter(CompleteUploadRequest.class);
  final Map<String, FakeUploadState> uploads = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
  final List<Fault> faults = new CopyOnWriteArrayList<>();
  final Map<Operation, AtomicInteger> counts = new ConcurrentHashMap<>();
  /** The newest {@link #MAX_CALLS} requests answered, oldest first; guarded by itself. */
  final java.util.ArrayDeque<FakeUploadsServer.Call> calls = new java.util.ArrayDeque<>();
  static final int MAX_CALLS = 100_000;
  final AtomicInteger partsInFlight = new AtomicInteger();
  final AtomicInteger maxPartsInFlight = new AtomicInteger();
  private final AtomicLong requestIds = new AtomicLong();

  /** Thrown to refuse a request with an API error. */
  private static final class Refusal extends Exception {
    final int status;
    final String type;
    final String param;
    final String code;
    long retryAfterSeconds;

    Refusal(int status, String type, String param, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
      this.param = param;
      this.code = code;
    }

    static Refusal invalid(String param, String message) {
      return new Refusal(400, "invalid_request_error", param, null, message);
    }
  }

  FakeUploadsHandler(FakeUploadsServer.Settings settings) {
    this.settings = settings;
    for (Operation op : Operation.values()) {
      counts.put(op, new AtomicInteger());
    }
  }

  /** What a request asks for: the operation, the Upload's or File's id in its path, and the method it needs. */
  record Route(Operation op, String id, String method) {
    static Route of(String method, String path) {
      Matcher uploads = PATH.matcher(path);
      if (uploads.matches()) {
        return new Route(uploads.group(2) == null ? Operation.CREATE : switch (uploads.group(2)) {
          case "parts" -> Operation.ADD_PART;
          case "complete" -> Operation.COMPLETE;
          default -> Operation.CANCEL;
        }, uploads.group(1), "POST");
      }
      Matcher files = FILES_PATH.matcher(path);
      if (!files.matches()) {
        return null;
      }
      String id = files.group(1);
      return id == null ? new Route(Operation.LIST_FILES, null, "GET")
          : files.group(2) != null ? new Route(Operation.FILE_CONTENT, id, "GET")
          : method.equals("DELETE") ? new Route(Operation.DELETE_FILE, id, "DELETE")
          : new Route(Operation.RETRIEVE_FILE, id, "GET");
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Route route = Route.of(exchange.getRequestMethod(), path);
    Operation op = route == null ? null : route.op();
    String uploadId = route != null && route.method().equals("POST") ? route.id() : null;
    pendingCall.set(new FakeUploadsServer.Call(op, uploadId, 0));
    try {
      if (op == null) {
        error(exchange, new Refusal(404, "invalid_request_error", null, "unknown_url",
            "Unknown request URL: " + exchange.getRequestMethod() + " " + path));
      } else if (!exchange.getRequestMethod().equals(route.method())) {
        error(exchange, new Refusal(405, "invalid_request_error", null, "method_not_allowed",
            "Only " + route.method() + " is supported for " + path));
      } else {
        try {
          handle(exchange, op, route.id());
        } catch (RuntimeException | Error bug) {
          if (bug instanceof VirtualMachineError) {
            throw bug;
          }
          error(exchange, new Refusal(500, "server_error", null, null,
              "The fake server failed: " + bug));
        }
      }
    } finally {
      droppingResponse.remove();
      if (pendingCall.get() != null) {
        record(0); // dropped without an answer
      }
      exchange.close();
    }
  }

  private int handle(HttpExchange exchange, Operation op, String uploadId) throws IOException {
    int n = counts.get(op).incrementAndGet();
    RequestBudget budget = settings.budget();
    if (budget != null) {
      RequestBudget.Admission admission = budget.take();
      if (budget.announces()) {
        admission.announce(exchange.getResponseHeaders()); // on every answer, whatever it turns out to be
      }
      if (!admission.admitted()) {
        Refusal refused = new Refusal(429, "requests", null, "rate_limit_exceeded",
            "Rate limit reached for requests (limit " + admission.limit() + "). Please try again in "
                + admission.retryAfterSeconds() + "s.");
        refused.retryAfterSeconds = admission.retryAfterSeconds();
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        return error(exchange, refused);
      }
    }
    PartRateLimit limit = op == Operation.ADD_PART ? settings.rateLimit() : null;
    if (limit == null) {
      return handle(exchange, op, uploadId, n, () -> { });
    }
    if (!limit.admit()) {
      Refusal refused = new Refusal(429, "requests", null, "rate_limit_exceeded",
          "Rate limit reached for requests. Please try again in " + limit.retryAfterSeconds() + "s.");
      refused.retryAfterSeconds = limit.retryAfterSeconds();
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      return error(exchange, refused);
    }
    Runnable release = new Runnable() {
      private boolean released;

      @Override
      public void run() {
        if (!released) {
          released = true;
          limit.release();
        }
      }
    };
    try {
      return handle(exchange, op, uploadId, n, release);
    } finally {
      release.run();
    }
  }

  /**
   * Handles an admitted request; {@code stored} runs once a part is stored, before its answer is
   * written, so that a rate limit's slot is free by the time the client hears the answer and sends
   * its next part, as with the API, whose slot is free once the answer is on its way.
   */
  private int handle(HttpExchange exchange, Operation op, String uploadId, int n, Runnable stored) throws IOException {
    sleep(settings.latency().toMillis());
    Fault fault = faults.stream().filter(f -> f.matches(op, n)).findFirst()
        .orElseGet(() -> settings.chaos() == null ? null : settings.chaos().next(op));
    if (fault != null) {
      sleep(fault.delay().toMillis());
      if (fault.resetAfterBytes() >= 0) {
        InputStream body = settings.throttle(exchange.getRequestBody());
        body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, fault.resetAfterBytes()));
        throw new IOException("fault: connection reset after " + fault.resetAfterBytes() + " bytes");
      }
      if (fault.status() > 0) {
        fault.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        return send(exchange, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
      }
      if (fault.dropsResponse()) {
        droppingResponse.set(Boolean.TRUE);
      }
    }
    try {
      checkAuth(exchange);
      return switch (op) {
        case CREATE -> json(exchange, 200, moshi.adapter(Upload.class), create(exchange));
        case ADD_PART -> {
          UploadPart part = addPart(exchange, uploadId);
          stored.run();
          yield json(exchange, 200, moshi.adapter(UploadPart.class), part);
        }
        case COMPLETE -> json(exchange, 200, moshi.adapter(Upload.class), complete(exchange, uploadId));
        case CANCEL -> json(exchange, 200, moshi.adapter(Upload.class), cancel(uploadId));
        case LIST_FILES -> json(exchange, 200, moshi.adapter(ListFilesResponse.class), listFiles(exchange));
        case RETRIEVE_FILE -> json(exchange, 200, moshi.adapter(OpenAIFile.class), toUpload(fileState(uploadId)).file());
        case DELETE_FILE -> json(exchange, 200, moshi.adapter(DeleteFileResponse.class), deleteFile(uploadId));
        case FILE_CONTENT -> content(exchange, fileState(uploadId));
      };
    } catch (Refusal e) {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      return error(exchange, e);
    }
  }

  private void checkAuth(HttpExchange exchange) throws Refusal {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      throw new Refusal(401, "invalid_request_error", null, null,
          "You didn't provide an API key. Send it in the Authorization header as Bearer YOUR_KEY.");
    }
    if (!MessageDigest.isEqual(auth.substring(7).getBytes(StandardCharsets.UTF_8),
        settings.apiKey().getBytes(StandardCharsets.UTF_8))) {
      throw new Refusal(401, "invalid_request_error", null, "invalid_api_key", "Incorrect API key provided.");
    }
  }

  private Upload create(HttpExchange exchange) throws IOException, Refusal {
    // read as plain JSON and judged by the fake's own rules, not by the client's models
    Map<?, ?> request = readJson(exchange, moshi.adapter(Map.class));
    String filename = request.get("filename") instanceof String text ? text : null;
    if (filename == null || filename.isBlank()) {
      throw Refusal.invalid("filename", "Missing required parameter: 'filename'.");
    }
    String purpose = request.get("purpose") instanceof String text ? text : null;
    if (purpose == null || !AcceptedTypes.purposes().contains(purpose)) {
      throw Refusal.invalid("purpose", "Invalid value for 'purpose': expected one of "
          + String.join(", ", AcceptedTypes.purposes()) + ".");
    }
    Long bytes = whole(request.get("bytes"));
    if (bytes == null || bytes < 1 || bytes > settings.maxUploadBytes()) {
      throw Refusal.invalid("bytes", "'bytes' must be 1 to " + settings.maxUploadBytes() + ", but was "
          + request.get("bytes") + ".");
    }
    String mimeType = request.get("mime_type") instanceof String text ? text : null;
    if (mimeType == null || !AcceptedTypes.accepts(purpose, mimeType)) {
      throw Refusal.invalid("mime_type", "Invalid 'mime_type' " + mimeType + " for purpose '" + purpose + "'.");
    }
    Long fileExpiresAfter = null;
    if (request.get("expires_after") != null) {
      Map<?, ?> expiry = request.get("expires_after") instanceof Map<?, ?> map ? map : Map.of();
      Long seconds = whole(expiry.get("seconds"));
      if (seconds == null || seconds < 3600 || seconds > 2_592_000 || !"created_at".equals(expiry.get("anchor"))) {
        throw Refusal.invalid("expires_after", "'expires_after' needs anchor 'created_at' and seconds 3600 to 2592000.");
      }
      fileExpiresAfter = seconds;
    }
    long now = settings.clock().instant().getEpochSecond();
    String id = "upload_" + randomId();
    FakeUploadState state = new FakeUploadState(id, filename, purpose, mimeType, bytes, now,
        now + settings.uploadTtl().getSeconds(), fileExpiresAfter);
    uploads.put(id, state);
    return toUpload(state);
  }

  /** A JSON number that is a whole number, or null. */
  private static Long whole(Object value) {
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
    }
    return null;
  }

  private UploadPart addPart(HttpExchange exchange, String uploadId) throws IOException, Refusal {
    FakeUploadState state = pending(uploadId, "add parts to");
    String boundary = MultipartReader.boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (boundary == null) {
      throw Refusal.invalid("data", "Parts must be sent as multipart/form-data with a 'data' field.");
    }
    int inFlight = partsInFlight.incrementAndGet();
    maxPartsInFlight.accumulateAndGet(inFlight, Math::max);
    String partId = "part_" + randomId();
    Path file = settings.partDirectory() == null ? null : settings.partDirectory().resolve(partId);
    MultipartReader.Field field;
    try (OutputStream sink = file == null ? OutputStream.nullOutputStream() : Files.newOutputStream(file)) {
      field = new MultipartReader(settings.throttle(exchange.getRequestBody()))
          .copyField(boundary, "data", sink, settings.maxPartBytes());
    } catch (MultipartReader.MalformedException e) {
      deleteQuietly(file);
      throw Refusal.invalid("data", "Invalid part: " + e.getMessage() + " (each part may have at most "
          + settings.maxPartBytes() + " bytes).");
    } catch (IOException e) {
      deleteQuietly(file);
      throw e;
    } finally {
      partsInFlight.decrementAndGet();
    }
    if (field == null) {
      deleteQuietly(file);
      throw Refusal.invalid("data", "Missing required parameter: 'data'.");
    }
    long now = settings.clock().instant().getEpochSecond();
    synchronized (state) {
      state.expireIfDue(now);
      if (!state.status.equals("pending")) {
        deleteQuietly(file);
        throw notPending(state, "add parts to");
      }
      state.parts.put(partId, new FakeUploadState.StoredPart(partId, field.length(), file));
      state.partBytes += field.length();
    }
    return UploadPart.builder().id(partId).object(UploadPart.ObjectEnum.UPLOAD_PART).createdAt(now)
        .uploadId(uploadId).build();
  }

  private Upload complete(HttpExchange exchange, String uploadId) throws IOException, Refusal {
    FakeUploadState state = pending(uploadId, "complete");
    CompleteUploadRequest request = readJson(exchange, completeAdapter);
    if (request.partIds() == null) {
      throw Refusal.invalid("part_ids", "Missing required parameter: 'part_ids'.");
    }
    synchronized (state) {
      List<FakeUploadState.StoredPart> listed = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String partId : request.partIds()) {
        FakeUploadState.StoredPart part = state.parts.get(partId);
        if (part == null) {
          throw Refusal.invalid("part_ids", "Part " + partId + " does not belong to Upload " + uploadId + ".");
        }
        if (!seen.add(partId)) {
          throw Refusal.invalid("part_ids", "Part " + partId + " is listed more than once.");
        }
        listed.add(part);
      }
      long total = listed.stream().mapToLong(FakeUploadState.StoredPart::size).sum();
      if (total != state.bytes) {
        throw Refusal.invalid("part_ids", "The listed parts add up to " + total + " bytes, but the Upload was"
            + " created with bytes=" + state.bytes + ".");
      }
      String assembledMd5 = settings.partDirectory() == null ? null : assembledMd5(listed);
      if (request.md5() != null && assembledMd5 != null && !assembledMd5.equalsIgnoreCase(request.md5())) {
        throw Refusal.invalid("md5", "The md5 " + request.md5() + " does not match the uploaded bytes.");
      }
      long now = settings.clock().instant().getEpochSecond();
      state.status = "completed";
      state.assembledSize = total;
      state.assembledMd5 = assembledMd5;
      state.md5Sent = request.md5();
      state.fileId = "file-" + randomId();
      state.fileParts = List.copyOf(listed);
      state.fileCreatedAt = now;
      return toUpload(state);
    }
  }

  private Upload cancel(String uploadId) throws Refusal {
    FakeUploadState state = existing(uploadId);
    synchronized (state) {
      state.expireIfDue(settings.clock().instant().getEpochSecond());
      if (state.status.equals("pending")) {
        state.status = "cancelled";
      } else if (!state.status.equals("cancelled")) {
        throw notPending(state, "cancel");
      }
      return toUpload(state);
    }
  }

  private FakeUploadState existing(String uploadId) throws Refusal {
    FakeUploadState state = uploads.get(uploadId);
    if (state == null) {
      throw new Refusal(404, "invalid_request_error", "upload_id", null, "No Upload found with id '" + uploadId + "'.");
    }
    return state;
  }

  private FakeUploadState pending(String uploadId, String action) throws Refusal {
    FakeUploadState state = existing(uploadId);
    synchronized (state) {
      state.expireIfDue(settings.clock().instant().getEpochSecond());
      if (!state.status.equals("pending")) {
        throw notPending(state, action);
      }
    }
    return state;
  }

  private static Refusal notPending(FakeUploadState state, String action) {
    return Refusal.invalid(null, "Cannot " + action + " Upload " + state.id + ": it is " + state.status
        + (state.status.equals("expired") ? " (Uploads expire one hour after creation)." : "."));
  }

  private String assembledMd5(List<FakeUploadState.StoredPart> parts) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
    byte[] buffer = new byte[1 << 16];
    for (FakeUploadState.StoredPart part : parts) {
      try (InputStream in = Files.newInputStream(part.file())) {
        for (int read; (read = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, read);
        }
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  /** The Files of completed Uploads: {@code purpose}, {@code order} (desc), {@code limit} (10,000), {@code after}. */
  private ListFilesResponse listFiles(HttpExchange exchange) throws Refusal {
    Map<String, String> query = new java.util.HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    int limit;
    try {
      limit = Integer.parseInt(query.getOrDefault("limit", "10000"));
    } catch (NumberFormatException e) {
      throw Refusal.invalid("limit", "'limit' must be an integer.");
    }
    if (limit < 1 || limit > 10_000) {
      throw Refusal.invalid("limit", "'limit' must be 1 to 10000, but was " + limit + ".");
    }
    boolean ascending = "asc".equals(query.get("order"));
    List<Upload> completed;
    synchronized (uploads) {
      completed = uploads.values().stream().filter(state -> state.fileId != null && !state.fileDeleted)
          .map(this::toUpload).toList();
    }
    java.util.Comparator<OpenAIFile> byCreation = java.util.Comparator.comparingLong(OpenAIFile::createdAt)
        .thenComparing(OpenAIFile::id);
    List<OpenAIFile> all = completed.stream().map(Upload::file)
        .filter(file -> query.get("purpose") == null || file.purpose().value().equals(query.get("purpose")))
        .sorted(ascending ? byCreation : byCreation.reversed()).toList();
    int start = 0;
    if (query.get("after") != null) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).id().equals(query.get("after"))) {
          start = i + 1;
        }
      }
    }
    List<OpenAIFile> page = all.subList(Math.min(start, all.size()), Math.min(all.size(), start + limit));
    return ListFilesResponse.builder().object("list").data(page)
        .firstId(page.isEmpty() ? null : page.get(0).id()).lastId(page.isEmpty() ? null : page.get(page.size() - 1).id())
        .hasMore(start + limit < all.size()).build();
  }

  /** The Upload whose File has this id, unless the File was deleted. */
  private FakeUploadState fileState(String fileId) throws Refusal {
    synchronized (uploads) {
      for (FakeUploadState state : uploads.values()) {
        synchronized (state) {
          if (fileId.equals(state.fileId) && !state.fileDeleted) {
            FakeUploadsServer.Call call = pendingCall.get();
            if (call != null) { // a File's call is recorded with the Upload that made the File
              pendingCall.set(new FakeUploadsServer.Call(call.operation(), state.id, call.status()));
            }
            return state;
          }
        }
      }
    }
    throw new Refusal(404, "invalid_request_error", "file_id", null, "No such File object: " + fileId);
  }

  private DeleteFileResponse deleteFile(String fileId) throws Refusal {
    FakeUploadState state = fileState(fileId);
    synchronized (state) {
      state.fileDeleted = true;
    }
    return DeleteFileResponse.builder().id(fileId).object(DeleteFileResponse.ObjectEnum.FILE).deleted(true).build();
  }

  /** The File's bytes: its Upload's parts in the order the completion listed them. */
  private int content(HttpExchange exchange, FakeUploadState state) throws IOException, Refusal {
    List<FakeUploadState.StoredPart> parts;
    synchronized (state) {
      parts = state.fileParts;
    }
    if (parts.stream().anyMatch(part -> part.file() == null || !Files.exists(part.file()))) {
      throw new Refusal(404, "invalid_request_error", "file_id", null, "The fake server kept no bytes of "
          + state.fileId + " (it was started with keepPartBytes(false)).");
    }
    if (droppingResponse.get() != null) {
      droppingResponse.remove();
      throw new IOException("fault: the request was handled and its response dropped");
    }
    record(200);
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.getResponseHeaders().set("x-request-id", "req_fake_" + requestIds.incrementAndGet());
    exchange.sendResponseHeaders(200, state.assembledSize == 0 ? -1 : state.assembledSize);
    for (FakeUploadState.StoredPart part : parts) {
      Files.copy(part.file(), exchange.getResponseBody());
    }
    return 200;
  }

  private Upload toUpload(FakeUploadState state) {
    OpenAIFile file = null;
    if (state.fileId != null) {
      file = OpenAIFile.builder().id(state.fileId).object(OpenAIFile.ObjectEnum.FILE).bytes(state.assembledSize)
          .createdAt(state.fileCreatedAt).filename(state.filename).purpose(OpenAIFile.PurposeEnum.fromValue(state.purpose))
          .status(OpenAIFile.StatusEnum.PROCESSED)
          .expiresAt(state.fileExpiresAfter == null ? null : state.fileCreatedAt + state.fileExpiresAfter)
          .build();
    }
    return Upload.builder().id(state.id).object(Upload.ObjectEnum.UPLOAD).bytes(state.bytes)
        .createdAt(state.createdAt).filename(state.filename).purpose(state.purpose)
        .status(Upload.StatusEnum.fromValue(state.status)).expiresAt(state.expiresAt).file(file).build();
  }

  private <T> T readJson(HttpExchange exchange, JsonAdapter<T> adapter) throws IOException, Refusal {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_JSON_BYTES + 1);
    if (body.length > MAX_JSON_BYTES) {
      throw Refusal.invalid(null, "The request body is larger than " + MAX_JSON_BYTES + " bytes.");
    }
    try {
      T value = adapter.fromJson(new String(body, StandardCharsets.UTF_8));
      if (value == null) {
        throw Refusal.invalid(null, "The request body must be a JSON object.");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      throw Refusal.invalid(null, "We could not parse the JSON body of your request: " + e.getMessage());
    }
  }

  private <T> int json(HttpExchange exchange, int status, JsonAdapter<T> adapter, T value) throws IOException {
    return send(exchange, status, adapter.toJson(value).getBytes(StandardCharsets.UTF_8));
  }

  private int error(HttpExchange exchange, Refusal e) throws IOException {
    if (e.retryAfterSeconds > 0) {
      exchange.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds));
    }
    ErrorResponse body = ErrorResponse.builder().error(
        io.github.uploadkit.openai.client.model.ApiError.builder().message(e.getMessage()).type(e.type).param(e.param).code(e.code).build()).build();
    return json(exchange, e.status, moshi.adapter(ErrorResponse.class).serializeNulls(), body);
  }

  /** Records the call before its response goes out, so a client that has the response sees the record. */
  private void record(int status) {
    FakeUploadsServer.Call call = pendingCall.get();
    pendingCall.remove();
    synchronized (calls) {
      if (calls.size() == MAX_CALLS) {
        calls.pollFirst();
      }
      calls.addLast(new FakeUploadsServer.Call(call.operation(), call.uploadId(), status));
    }
  }

  private int send(HttpExchange exchange, int status, byte[] body) throws IOException {
    answer(exchange, status, "application/json", body.length);
    exchange.getResponseBody().write(body);
    return status;
  }

  /** Records the call and sends the status and headers of a body of {@code length} bytes, unless a fault drops it. */
  private void answer(HttpExchange exchange, int status, String contentType, long length) throws IOException {
    if (droppingResponse.get() != null) {
      droppingResponse.remove();
      throw new IOException("fault: the request was handled and its response dropped");
    }
    record(status);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-request-id", "req_fake_" + requestIds.incrementAndGet());
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
  }

  private static String randomId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  private static void sleep(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover file in the server's temporary directory, removed on close
      }
    }
  }
}
