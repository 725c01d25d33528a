package io.github.uploadkit.openai.client.spec;

import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Copies operations of the official OpenAI OpenAPI document into the project's subset
 * ({@code openapi/openai-uploads.yaml}), with every component they reach through {@code $ref}
 * (and discriminator mappings), so that the generated client gains them. What the subset already
 * has (an operation, a path's method, a component) is kept as it is, so a second run adds nothing.
 * It prints each operation and component it added; exit 0 when done, 2 for bad arguments or a
 * document it cannot read. The file is replaced only once the new text parses and every
 * {@code $ref} in it resolves.
 *
 * <pre>
 * mvn -B -q -pl generated-client test-compile exec:java@add-operations -Dofficial=PATH_OR_URL -Doperations=ID,ID
 * mvn -B -q -pl generated-client test-compile exec:java@add-operations -Dofficial=PATH_OR_URL -Dtags=Batch,Files
 * mvn -B -q -pl generated-client test-compile exec:java@add-operations -Dofficial=PATH_OR_URL -Doperations=all
 * </pre>
 */
public final class AddOperations {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String USAGE = "usage: AddOperations OFFICIAL_PATH_OR_URL SUBSET_PATH OPERATION_IDS|all TAGS"
      + " (with Maven: -Dofficial=PATH_OR_URL and -Doperations=ID,ID or -Doperations=all or -Dtags=TAG,TAG)";

  private record Selected(String id, String method, String path) {
  }

  private AddOperations() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 4 || given(args[0]) == null || (given(args[2]) == null && given(args[3]) == null)) {
      err.println(USAGE);
      return 2;
    }
    try {
      Path subsetPath = Path.of(args[1]).normalize();
      OpenAPI officialApi = SpecDriftCheck.parse(args[0]);
      List<Selected> selected = select(officialApi, list(args[2]), list(args[3]));
      YamlDocument official = YamlDocument.parse(read(args[0]), args[0]);
      YamlDocument subset = YamlDocument.parse(Files.readString(subsetPath), args[1]);
      List<String> added = new AddOperations.Copy(official, subset, out).copy(selected);
      if (added.isEmpty()) {
        out.printf("nothing to add: the %d operation(s) asked for are already in %s%n", selected.size(), subsetPath);
        return 0;
      }
      write(subsetPath, subset.text());
      out.printf("%s: added %s%n", subsetPath, String.join(", ", added));
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println("add-operations: " + e.getMessage());
      return 2;
    }
  }

  /** The operations named by id ({@code all} for every one) or by tag, in the official document's order. */
  static List<Selected> select(OpenAPI official, List<String> ids, List<String> tags) {
    List<Selected> all = new ArrayList<>();
    Set<String> knownTags = new LinkedHashSet<>();
    Map<String, Selected> byId = new LinkedHashMap<>();
    List<Selected> tagged = new ArrayList<>();
    official.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      if (operation.getOperationId() == null) {
        return;
      }
      Selected one = new Selected(operation.getOperationId(), method.name().toLowerCase(java.util.Locale.ROOT), path);
      all.add(one);
      byId.put(one.id(), one);
      List<String> operationTags = operation.getTags() == null ? List.of() : operation.getTags();
      knownTags.addAll(operationTags);
      if (operationTags.stream().anyMatch(tags::contains)) {
        tagged.add(one);
      }
    }));
    List<String> unknown = new ArrayList<>();
    ids.stream().filter(id -> !id.equals("all") && !byId.containsKey(id)).forEach(unknown::add);
    tags.stream().filter(tag -> !knownTags.contains(tag)).map(tag -> "tag " + tag).forEach(unknown::add);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("not in the official document: " + String.join(", ", unknown)
          + " (operation ids are case-sensitive, such as createBatch; tags are " + String.join(", ", knownTags) + ")");
    }
    if (ids.contains("all")) {
      return all;
    }
    Set<Selected> chosen = new LinkedHashSet<>();
    for (Selected one : all) {
      if (ids.contains(one.id()) || tagged.contains(one)) {
        chosen.add(one);
      }
    }
    return new ArrayList<>(chosen);
  }

  /** One run's copying from the official document into the subset. */
  private static final class Copy {
    private final YamlDocument official;
    private final YamlDocument subset;
    private final PrintStream out;
    private final Map<String, Map<String, Node>> newComponents = new LinkedHashMap<>();
    private final Deque<String> refs = new ArrayDeque<>();
    private final Set<String> reservedLeftOut = new java.util.TreeSet<>();

    Copy(YamlDocument official, YamlDocument subset, PrintStream out) {
      this.official = official;
      this.subset = subset;
      this.out = out;
    }

    List<String> copy(List<Selected> selected) {
      MappingNode subsetPaths = mappingAt(subset.root(), "paths");
      Set<String> subsetIds = operationIds(subsetPaths);
      Map<String, List<Selected>> newPaths = new LinkedHashMap<>();
      List<String> added = new ArrayList<>();
      for (Selected one : selected) {
        Node existingItem = YamlDocument.get(subsetPaths, one.path());
        if (subsetIds.contains(one.id()) || YamlDocument.get(existingItem, one.method()) != null) {
          out.println("kept      " + one.id() + " (" + one.method().toUpperCase(java.util.Locale.ROOT) + " " + one.path()
              + " is already in the subset)");
          continue;
        }
        Node operation = YamlDocument.at(official.root(), "paths", one.path(), one.method());
        collectRefs(operation);
        leaveOutReserved(operation);
        if (existingItem instanceof MappingNode item) {
          subset.append(item, one.method(), operation, false);
        } else {
          newPaths.computeIfAbsent(one.path(), path -> new ArrayList<>()).add(one);
        }
        out.println("added     " + one.id() + " (" + one.method().toUpperCase(java.util.Locale.ROOT) + " " + one.path() + ")");
        added.add(one.id());
      }
      newPaths.forEach((path, operations) -> subset.append(subsetPaths, path, pathItem(path, operations), true));
      copyComponents();
      return added;
    }

    /** The official path item with only the chosen operations, and its shared keys (parameters, summary). */
    private Node pathItem(String path, List<Selected> operations) {
      List<NodeTuple> entries = new ArrayList<>();
      for (NodeTuple tuple : ((MappingNode) YamlDocument.at(official.root(), "paths", path)).getValue()) {
        String key = YamlDocument.text(tuple.getKeyNode());
        if (!METHODS.contains(key)) {
          collectRefs(tuple.getValueNode());
          leaveOutReserved(tuple.getValueNode());
          entries.add(tuple);
        } else if (operations.stream().anyMatch(one -> one.method().equals(key))) {
          entries.add(tuple);
        }
      }
      return YamlDocument.mapping(entries);
    }

    /** Copies each component reached from what was copied that the subset does not have, and what it reaches. */
    private void copyComponents() {
      Set<String> seen = new LinkedHashSet<>();
      while (!refs.isEmpty()) {
        String ref = refs.pop();
        if (!seen.add(ref)) {
          continue;
        }
        String[] parts = componentRef(ref);
        if (YamlDocument.at(subset.root(), "components", parts[0], parts[1]) != null
            || newComponents.getOrDefault(parts[0], Map.of()).containsKey(parts[1])) {
          continue;
        }
        Node component = YamlDocument.at(official.root(), "components", parts[0], parts[1]);
        if (component == null) {
          throw new IllegalArgumentException(ref + " is used by the official document but not defined in it");
        }
        newComponents.computeIfAbsent(parts[0], section -> new LinkedHashMap<>()).put(parts[1], component);
        collectRefs(component);
        leaveOutReserved(component);
      }
      if (!reservedLeftOut.isEmpty()) {
        out.println("left out  " + String.join(", ", reservedLeftOut) + ": extension names OpenAPI reserves (x-oai-*,"
            + " x-oas-*), which the generator's validation refuses");
      }
      Node components = YamlDocument.get(subset.root(), "components");
      List<NodeTuple> newSections = new ArrayList<>();
      newComponents.forEach((section, entries) -> {
        Node existing = YamlDocument.get(components, section);
        if (existing instanceof MappingNode mapping) {
          entries.forEach((name, node) -> subset.append(mapping, name, node, true));
        } else if (existing != null) {
          throw new IllegalArgumentException("the subset's components." + section + " is not a mapping");
        } else {
          List<NodeTuple> tuples = new ArrayList<>();
          entries.forEach((name, node) -> tuples.add(YamlDocument.entry(name, node)));
          newSections.add(YamlDocument.entry(section, YamlDocument.mapping(tuples)));
        }
        entries.keySet().forEach(name -> out.println("added     " + section + "/" + name));
      });
      if (newSections.isEmpty()) {
        return;
      }
      if (components instanceof MappingNode mapping) {
        newSections.forEach(section -> subset.append(mapping, YamlDocument.text(section.getKeyNode()),
            section.getValueNode(), true));
      } else if (components == null) {
        subset.append(subset.root(), "components", YamlDocument.mapping(newSections), true);
      } else {
        throw new IllegalArgumentException("the subset's components is not a mapping");
      }
    }

    private void collectRefs(Node node) {
      references(node, refs);
    }

    /** Removes, from a node about to be copied, the keys under the extension prefixes OpenAPI reserves. */
    private void leaveOutReserved(Node node) {
      if (node instanceof MappingNode mapping) {
        mapping.getValue().removeIf(tuple -> {
          String key = YamlDocument.text(tuple.getKeyNode());
          boolean reserved = key != null && (key.startsWith("x-oai-") || key.startsWith("x-oas-"));
          if (reserved) {
            reservedLeftOut.add(key);
          }
          return reserved;
        });
        mapping.getValue().forEach(tuple -> leaveOutReserved(tuple.getValueNode()));
      } else if (node instanceof SequenceNode sequence) {
        sequence.getValue().forEach(this::leaveOutReserved);
      }
    }
  }

  /** Adds every {@code $ref}, discriminator mapping and security scheme that {@code node} uses to {@code refs}. */
  static void references(Node node, java.util.Collection<String> refs) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        String key = YamlDocument.text(tuple.getKeyNode());
        Node value = tuple.getValueNode();
        if ("$ref".equals(key) && value instanceof ScalarNode scalar) {
          refs.add(scalar.getValue());
        } else if ("mapping".equals(key) && value instanceof MappingNode targets
            && YamlDocument.get(mapping, "propertyName") != null) { // a discriminator's, not a property named mapping
          targets.getValue().forEach(target -> {
            String text = YamlDocument.text(target.getValueNode());
            if (text != null) {
              refs.add(text.startsWith("#") ? text : "#/components/schemas/" + text);
            }
          });
        } else if ("security".equals(key) && value instanceof SequenceNode requirements) {
          requirements.getValue().forEach(requirement -> {
            if (requirement instanceof MappingNode schemes) {
              schemes.getValue().forEach(scheme -> refs.add("#/components/securitySchemes/"
                  + YamlDocument.text(scheme.getKeyNode())));
            }
          });
        } else {
          references(value, refs);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> references(item, refs));
    }
  }

  /** The section and the name of a {@code #/components/SECTION/NAME} reference. */
  static String[] componentRef(String ref) {
    String[] parts = ref.split("/");
    if (parts.length != 4 || !parts[0].equals("#") || !parts[1].equals("components")) {
      throw new IllegalArgumentException("cannot copy " + ref + ": only #/components/SECTION/NAME references are followed");
    }
    return new String[] {unescape(parts[2]), unescape(parts[3])};
  }

  private static String unescape(String pointerPart) {
    return pointerPart.replace("~1", "/").replace("~0", "~");
  }

  private static MappingNode mappingAt(Node root, String key) {
    if (!(YamlDocument.get(root, key) instanceof MappingNode mapping)) {
      throw new IllegalArgumentException("the subset has no '" + key + "' mapping to add to");
    }
    return mapping;
  }

  private static Set<String> operationIds(MappingNode paths) {
    Set<String> ids = new LinkedHashSet<>();
    for (NodeTuple path : paths.getValue()) {
      if (path.getValueNode() instanceof MappingNode item) {
        for (NodeTuple operation : item.getValue()) {
          String id = YamlDocument.text(YamlDocument.get(operation.getValueNode(), "operationId"));
          if (id != null) {
            ids.add(id);
          }
        }
      }
    }
    return ids;
  }

  /** Writes the new text only once it parses as OpenAPI and each of its references resolves. */
  private static void write(Path subsetPath, String text) throws IOException {
    Path candidate = Files.createTempFile(subsetPath.toAbsolutePath().getParent(), ".openai-uploads", ".yaml");
    try {
      Files.writeString(candidate, text);
      SpecDriftCheck.parse(candidate.toString());
      YamlDocument written = YamlDocument.parse(text, subsetPath.toString());
      Set<String> refs = new LinkedHashSet<>();
      references(written.root(), refs);
      Set<String> unresolved = new LinkedHashSet<>();
      for (String ref : refs) {
        String[] parts = componentRef(ref);
        if (YamlDocument.at(written.root(), "components", parts[0], parts[1]) == null) {
          unresolved.add(ref);
        }
      }
      if (!unresolved.isEmpty()) {
        throw new IOException("the subset would not resolve " + unresolved + "; " + subsetPath
            + " is left unchanged");
      }
      Files.move(candidate, subsetPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(candidate);
    }
  }

  private static String read(String location) throws IOException {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      try (InputStream in = URI.create(location).toURL().openStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return Files.readString(Path.of(location));
  }

  private static String given(String arg) {
    return arg == null || arg.isBlank() || arg.startsWith("${") ? null : arg.trim();
  }

  private static List<String> list(String arg) {
    String value = given(arg);
    return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
