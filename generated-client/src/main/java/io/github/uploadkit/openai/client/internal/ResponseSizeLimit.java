package io.github.uploadkit.openai.client.internal;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import retrofit2.Invocation;

/**
 * Bounds what is read from a response, whatever the server sends: a successful answer to a typed
 * call (see {@link #isTypedCall}) longer than {@link #MAX_SUCCESS_BYTES} fails with a
 * {@link ProtocolException} (the API's JSON answers are small), and an error body ends after {@link ErrorResponses#MAX_ERROR_BODY_BYTES} plus one byte,
 * so that buffering it (as Retrofit does) takes bounded memory and the parser sees it was cut.
 * A body must also keep a minimum rate: it gets {@link #BODY_GRACE_SECONDS} from the headers,
 * plus a second for every {@link #MIN_BODY_BYTES_PER_SECOND} bytes that came, after which it
 * fails with a {@link SocketTimeoutException} (a timeout, so it is retried): a server that
 * trickles its answer a byte a second costs seconds, not the call's whole deadline. A successful
 * answer to a method returning {@code ResponseBody} (a file's bytes, an event stream) or to a
 * request made on the OkHttp client by hand passes through untouched: its reader streams it at
 * its own pace, of any length.
 */
final class ResponseSizeLimit implements Interceptor {
  /** The most bytes a successful response body may have: room for a list of 10,000 Files. */
  public static final long MAX_SUCCESS_BYTES = 16L * 1024 * 1024;
  /** The time any response body gets, from its headers, before the minimum rate applies. */
  public static final long BODY_GRACE_SECONDS = 10;
  /** The slowest a response body may come once its grace is over. */
  public static final long MIN_BODY_BYTES_PER_SECOND = 1024;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Response response = chain.proceed(request);
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    boolean success = response.isSuccessful();
    if (success && !isTypedCall(request)) {
      return response; // streamed: its reader takes it at its own pace, of any length
    }
    long limit = success ? MAX_SUCCESS_BYTES : ErrorResponses.MAX_ERROR_BODY_BYTES + 1L;
    return response.newBuilder().body(new Limited(body, limit, success)).build();
  }

  /**
   * Whether Retrofit made the request for a method whose answer is read as a model (or ignored):
   * any return type but {@code Call<ResponseBody>}. A request without Retrofit's tag was made on
   * the OkHttp client by hand, and its caller reads the body as it chooses.
   */
  static boolean isTypedCall(Request request) {
    Invocation invocation = request.tag(Invocation.class);
    if (invocation == null) {
      return false;
    }
    Type returned = invocation.method().getGenericReturnType();
    return !(returned instanceof ParameterizedType call
        && call.getActualTypeArguments().length == 1
        && call.getActualTypeArguments()[0] == ResponseBody.class);
  }

  private static final class Limited extends ResponseBody {
    private final ResponseBody delegate;
    private final BufferedSource source;

    Limited(ResponseBody delegate, long limit, boolean failWhenLonger) {
      this.delegate = delegate;
      long started = System.nanoTime();
      this.source = Okio.buffer(new ForwardingSource(delegate.source()) {
        private long read;

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          long elapsed = System.nanoTime() - started;
          long allowed = TimeUnit.SECONDS.toNanos(BODY_GRACE_SECONDS) + read * 1_000_000_000L / MIN_BODY_BYTES_PER_SECOND;
          if (elapsed > allowed) {
            throw new SocketTimeoutException("the response body came too slowly: " + read + " bytes in "
                + TimeUnit.NANOSECONDS.toSeconds(elapsed) + " s, below the " + MIN_BODY_BYTES_PER_SECOND
                + " bytes a second a body must keep after its first " + BODY_GRACE_SECONDS + " s");
          }
          if (read >= limit) {
            if (failWhenLonger && super.read(new Buffer(), 1) != -1) {
              throw new ProtocolException("the response body is longer than " + limit
                  + " bytes; the API's responses are small, so it was not read further");
            }
            return -1;
          }
          long n = super.read(sink, Math.min(byteCount, limit - read));
          if (n > 0) {
            read += n;
          }
          return n;
        }
      });
    }

    @Override
    public MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public BufferedSource source() {
      return source;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
