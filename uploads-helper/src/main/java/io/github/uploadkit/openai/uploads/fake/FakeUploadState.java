package io.github.uploadkit.openai.uploads.fake;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One Upload's mutable state inside the fake server; guarded by its own monitor. */
final class FakeUploadState {
  /** One stored part: its size, and where its bytes are (null when they are not kept). */
  record StoredPart(String id, long size, Path file) {
  }

  final String id;
  final String filename;
  final String purpose;
  final String mimeType;
  final long bytes;
  final long createdAt;
  final long expiresAt;
  final Long fileExpiresAfter;
  final Map<String, StoredPart> parts = new LinkedHashMap<>();
  String status = "pending";
  long partBytes;
  long assembledSize = -1;
  String assembledMd5;
  String md5Sent;
  String fileId;
  long fileCreatedAt;
  /** The parts of the File, in the order the completion listed them. */
  java.util.List<StoredPart> fileParts = java.util.List.of();
  boolean fileDeleted;

  FakeUploadState(String id, String filename, String purpose, String mimeType, long bytes, long createdAt,
      long expiresAt, Long fileExpiresAfter) {
    this.id = id;
    this.filename = filename;
    this.purpose = purpose;
    this.mimeType = mimeType;
    this.bytes = bytes;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.fileExpiresAfter = fileExpiresAfter;
  }

  /** Marks a pending Upload expired once the clock has passed its expiry. */
  synchronized void expireIfDue(long nowSeconds) {
    if (status.equals("pending") && nowSeconds >= expiresAt) {
      status = "expired";
    }
  }

  synchronized FakeUpload snapshot() {
    return new FakeUpload(id, filename, purpose, mimeType, bytes, status, parts.size(), partBytes,
        assembledSize, assembledMd5, md5Sent, fileId);
  }
}
