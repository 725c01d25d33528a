package io.github.uploadkit.openai.client.spec;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML file as its text and as SnakeYAML's node tree, which keeps where each node starts and
 * ends. Entries are added to a block mapping as text after its last entry, so every byte already
 * in the file stays where it is (its comments, its blank lines, its quoting); what is added is
 * written by SnakeYAML from nodes of another document, keeping their scalar styles.
 */
final class YamlDocument {
  private record Insertion(int line, int order, String text) {
  }

  private final List<String> lines;
  private final MappingNode root;
  private final List<Insertion> insertions = new ArrayList<>();

  private YamlDocument(String text, MappingNode root) {
    this.lines = new ArrayList<>(List.of(text.split("\n", -1)));
    this.root = root;
  }

  /** Parses {@code text}, which must hold one document whose root is a mapping. */
  static YamlDocument parse(String text, String name) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE); // the official document is near SnakeYAML's default of 3 MB
    options.setAllowDuplicateKeys(false);
    Node root = new Yaml(options).compose(new StringReader(text));
    if (!(root instanceof MappingNode mapping)) {
      throw new IllegalArgumentException(name + " is not a YAML mapping");
    }
    return new YamlDocument(text, mapping);
  }

  MappingNode root() {
    return root;
  }

  /** The value of {@code key} in {@code node} when it is a mapping, else null. */
  static Node get(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }

  /** The value at {@code keys} below {@code node}, or null where one is missing. */
  static Node at(Node node, String... keys) {
    for (String key : keys) {
      node = get(node, key);
    }
    return node;
  }

  /** The scalar text of {@code node}, or null when it is not a scalar. */
  static String text(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : null;
  }

  /** A new block mapping of the given entries, to add with {@link #append}. */
  static MappingNode mapping(List<NodeTuple> entries) {
    return new MappingNode(Tag.MAP, new ArrayList<>(entries), DumperOptions.FlowStyle.BLOCK);
  }

  static NodeTuple entry(String key, Node value) {
    return new NodeTuple(new ScalarNode(Tag.STR, key, null, null, DumperOptions.ScalarStyle.PLAIN), value);
  }

  /**
   * Adds {@code key: value} after the last entry of {@code mapping}, a non-empty block mapping of
   * this document, at the indentation of its keys; {@code blankLine} puts an empty line before it.
   */
  void append(MappingNode mapping, String key, Node value, boolean blankLine) {
    if (mapping.getFlowStyle() != DumperOptions.FlowStyle.BLOCK || mapping.getValue().isEmpty()) {
      throw new IllegalArgumentException("cannot add '" + key + "' to the mapping at line "
          + (mapping.getStartMark().getLine() + 1) + ": only a non-empty block mapping can take entries");
    }
    int column = mapping.getValue().get(0).getKeyNode().getStartMark().getColumn();
    StringBuilder text = new StringBuilder(blankLine ? "\n" : "");
    for (String line : dump(mapping(List.of(entry(key, value)))).split("\n")) {
      text.append(line.isEmpty() ? "" : " ".repeat(column)).append(line).append('\n');
    }
    insertions.add(new Insertion(lineAfter(mapping), insertions.size(), text.toString()));
  }

  /** The text with every appended entry in place. */
  String text() {
    List<String> result = new ArrayList<>(lines);
    List<Insertion> bottomUp = new ArrayList<>(insertions);
    bottomUp.sort(Comparator.comparingInt(Insertion::line).thenComparingInt(Insertion::order).reversed());
    for (Insertion insertion : bottomUp) {
      String text = insertion.text();
      result.add(Math.min(insertion.line(), result.size()), text.substring(0, text.length() - 1));
    }
    return String.join("\n", result);
  }

  /** The first line after {@code node} and everything nested in it (0-based). */
  private static int lineAfter(Node node) {
    if (node instanceof MappingNode mapping && node.getEndMark() != null
        && mapping.getFlowStyle() == DumperOptions.FlowStyle.BLOCK && !mapping.getValue().isEmpty()) {
      return lineAfter(mapping.getValue().get(mapping.getValue().size() - 1).getValueNode());
    }
    if (node instanceof SequenceNode sequence && sequence.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
        && !sequence.getValue().isEmpty()) {
      return lineAfter(sequence.getValue().get(sequence.getValue().size() - 1));
    }
    var end = node.getEndMark();
    return end.getColumn() == 0 ? end.getLine() : end.getLine() + 1;
  }

  private static String dump(Node node) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(100);
    StringWriter out = new StringWriter();
    new Yaml(options).serialize(node, out);
    return out.toString();
  }
}
