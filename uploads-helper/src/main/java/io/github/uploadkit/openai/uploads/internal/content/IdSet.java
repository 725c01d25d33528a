package io.github.uploadkit.openai.uploads.internal.content;

import java.util.Arrays;

/**
 * A set of short byte strings, each with the line it was first seen on, held in a few arrays
 * with no object per entry: at most {@code capacity} entries of at most {@code maxBytes} bytes,
 * so at most about {@code capacity * (maxBytes + 24)} bytes in all. Used for batch custom_ids.
 */
final class IdSet {
  private final int capacity;
  private final int[] slots; // open addressing: entry index + 1, 0 when empty
  private final int[] starts;
  private final long[] lines;
  private final long arenaLimit;
  private byte[] arena = new byte[1024];
  private int used;
  private int count;

  IdSet(int capacity, int maxBytes) {
    this.capacity = capacity;
    this.slots = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
    this.starts = new int[capacity + 1];
    this.lines = new long[capacity];
    this.arenaLimit = (long) capacity * maxBytes;
  }

  int size() {
    return count;
  }

  /**
   * Adds {@code key[0, length)} first seen on {@code line}; returns the line it was first seen on
   * when it was there already, else -1 (also when the set is full: then nothing is added).
   */
  long addIfAbsent(byte[] key, int length, long line) {
    int mask = slots.length - 1;
    for (int slot = hash(key, length) & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot] - 1;
      if (entry < 0) {
        if (count == capacity || used + (long) length > arenaLimit) {
          return -1;
        }
        if (used + length > arena.length) {
          arena = Arrays.copyOf(arena, (int) Math.min(arenaLimit, Math.max(arena.length * 2L, used + length)));
        }
        System.arraycopy(key, 0, arena, used, length);
        starts[count] = used;
        used += length;
        starts[count + 1] = used;
        lines[count] = line;
        slots[slot] = ++count;
        return -1;
      }
      int start = starts[entry];
      if (starts[entry + 1] - start == length && Arrays.equals(arena, start, start + length, key, 0, length)) {
        return lines[entry];
      }
    }
  }

  private static int hash(byte[] key, int length) {
    int h = 0x9e3779b9;
    for (int i = 0; i < length; i++) {
      h = (h ^ key[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
