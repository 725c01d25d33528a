package io.github.uploadkit.openai.uploads.internal.content;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A few names (member names, roles, urls) as UTF-8, found by their bytes with no allocation:
 * only the names of the right length are compared, byte by byte.
 */
final class Names {
  private final List<String> strings;
  private final byte[][] names;
  private final int[][] byLength; // the indexes of the names of each length

  Names(List<String> names) {
    this.strings = List.copyOf(names);
    this.names = names.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    int longest = 0;
    for (byte[] name : this.names) {
      longest = Math.max(longest, name.length);
    }
    this.byLength = new int[longest + 1][];
    for (int length = 1; length <= longest; length++) {
      final int wanted = length;
      byLength[length] = java.util.stream.IntStream.range(0, this.names.length)
          .filter(i -> this.names[i].length == wanted).toArray();
    }
  }

  /** The name at {@code index}. */
  String get(int index) {
    return strings.get(index);
  }

  /** The index of the name that {@code source[from, to)} is, or -1. */
  int indexOf(byte[] source, int from, int to) {
    int length = to - from;
    if (length <= 0 || length >= byLength.length) {
      return -1;
    }
    candidates:
    for (int i : byLength[length]) {
      byte[] name = names[i];
      for (int j = 0; j < length; j++) {
        if (name[j] != source[from + j]) {
          continue candidates;
        }
      }
      return i;
    }
    return -1;
  }
}
