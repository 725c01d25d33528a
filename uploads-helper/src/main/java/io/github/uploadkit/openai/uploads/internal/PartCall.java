package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.model.UploadPart;
import io.github.uploadkit.openai.uploads.PartRange;
import java.io.IOException;
import retrofit2.Call;

/**
 * The calls of one part request and what follows them: the part's body is made once and sent
 * again on a retry (taking back the bytes it counted); a stored part goes to its {@link PartQueue}
 * with the CRC32C of the bytes sent.
 */
final class PartCall implements RetryingRequest.CallFactory<UploadPart>, RetryingRequest.Outcome<UploadPart> {
  private final PartQueue.Host host;
  private final PartQueue queue;
  private final PartRange part;
  private CountingRequestBody body;

  PartCall(PartQueue.Host host, PartQueue queue, PartRange part) {
    this.host = host;
    this.queue = queue;
    this.part = part;
  }

  @Override
  public Call<UploadPart> newCall() throws IOException {
    if (body == null) {
      body = host.body(part);
    }
    body.takeBack();
    return host.addPart(body);
  }

  @Override
  public void succeeded(UploadPart value) throws IOException {
    queue.stored(part, Required.field(value.id(), "id of part " + part.number()), body.crc32c());
  }

  @Override
  public void failed(Failure failure) {
    host.fail(failure);
  }
}
