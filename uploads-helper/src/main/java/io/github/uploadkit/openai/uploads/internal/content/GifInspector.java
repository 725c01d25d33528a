package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.ContentReport;
import java.nio.ByteBuffer;

/**
 * Counts the frames of a GIF as its blocks go by; more than one is an animation, which vision
 * refuses. Reads the block structure only: headers and sub-block lengths.
 */
final class GifInspector implements ContentInspector {
  private enum State { HEADER, SKIP, BLOCK, EXTENSION_LABEL, SUB_BLOCK_SIZE, IMAGE_DESCRIPTOR, LZW_CODE_SIZE, DONE }

  private final Problems problems = new Problems();
  private final byte[] header = new byte[13];
  private final byte[] descriptor = new byte[9];
  private State state = State.HEADER;
  private State afterSkip;
  private long skip;
  private int filled;
  private int frames;
  private long position;

  @Override
  public void accept(ByteBuffer chunk) {
    ByteBuffer bytes = chunk.duplicate();
    while (bytes.hasRemaining() && state != State.DONE) {
      if (state == State.SKIP) {
        int n = (int) Math.min(skip, bytes.remaining());
        bytes.position(bytes.position() + n);
        position += n;
        skip -= n;
        if (skip == 0) {
          state = afterSkip;
        }
        continue;
      }
      step(bytes.get() & 0xff);
      position++;
    }
  }

  private void skipThen(long count, State next) {
    if (count == 0) {
      state = next;
    } else {
      skip = count;
      afterSkip = next;
      state = State.SKIP;
    }
  }

  private void step(int b) {
    switch (state) {
      case HEADER -> {
        header[filled++] = (byte) b;
        if (filled == header.length) {
          int packed = header[10] & 0xff;
          skipThen((packed & 0x80) != 0 ? 3L << ((packed & 7) + 1) : 0, State.BLOCK);
        }
      }
      case BLOCK -> {
        if (b == 0x21) {
          state = State.EXTENSION_LABEL;
        } else if (b == 0x2C) {
          filled = 0;
          state = State.IMAGE_DESCRIPTOR;
        } else {
          state = State.DONE; // the trailer, or something the type check reports
        }
      }
      case EXTENSION_LABEL -> state = State.SUB_BLOCK_SIZE;
      case IMAGE_DESCRIPTOR -> {
        descriptor[filled++] = (byte) b;
        if (filled == descriptor.length) {
          frames++;
          if (frames == 2) {
            problems.add(0, position, "the GIF is animated (it has more than one frame): vision accepts only"
                + " non-animated GIFs");
          }
          int packed = descriptor[8] & 0xff;
          skipThen((packed & 0x80) != 0 ? 3L << ((packed & 7) + 1) : 0, State.LZW_CODE_SIZE);
        }
      }
      case LZW_CODE_SIZE -> state = State.SUB_BLOCK_SIZE;
      case SUB_BLOCK_SIZE -> skipThen(b, b == 0 ? State.BLOCK : State.SUB_BLOCK_SIZE);
      default -> throw new IllegalStateException(state.name());
    }
  }

  @Override
  public boolean failed() {
    return problems.any();
  }

  @Override
  public ContentReport found() {
    return problems.report(0);
  }

  @Override
  public ContentReport finish() {
    return problems.report(0);
  }
}
