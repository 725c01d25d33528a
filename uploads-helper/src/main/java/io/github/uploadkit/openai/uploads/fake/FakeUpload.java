package io.github.uploadkit.openai.uploads.fake;

import org.jspecify.annotations.Nullable;

/**
 * What the fake server holds for one Upload, as a snapshot for assertions.
 *
 * @param id the Upload id
 * @param filename the filename given at creation
 * @param purpose the purpose given at creation
 * @param mimeType the MIME type given at creation
 * @param bytes the size declared at creation
 * @param status pending, completed, cancelled or expired
 * @param partsReceived the parts stored, whether or not completion listed them
 * @param partBytesReceived the bytes of all stored parts
 * @param assembledSize the size of the listed parts at completion, or -1 before
 * @param assembledMd5 the md5 of the assembled file at completion (lowercase hex), or null
 *     before completion or when the server keeps no part bytes
 * @param md5Sent the md5 the client sent at completion, or null
 * @param fileId the id of the File made by completion, or null
 */
public record FakeUpload(
    String id,
    String filename,
    String purpose,
    String mimeType,
    long bytes,
    String status,
    int partsReceived,
    long partBytesReceived,
    long assembledSize,
    @Nullable String assembledMd5,
    @Nullable String md5Sent,
    @Nullable String fileId) {
}
