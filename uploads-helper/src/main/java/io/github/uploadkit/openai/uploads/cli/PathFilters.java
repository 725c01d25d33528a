package io.github.uploadkit.openai.uploads.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The {@code --include} and {@code --exclude} options of the commands that take directories. */
final class PathFilters {
  @CommandLine.Option(names = "--include", paramLabel = "GLOB",
      description = "Of a directory's files, take those matching GLOB again after an --exclude (path below the"
          + " directory, or name: '*.jsonl', 'data/**'); the last pattern that matches a file decides.")
  List<String> includes;

  @CommandLine.Option(names = "--exclude", paramLabel = "GLOB",
      description = "Of a directory's files, leave out those matching GLOB ('*.tmp', 'drafts/**').")
  List<String> excludes;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec command;

  /**
   * The files the paths name, less those the patterns leave out.
   *
   * @throws IllegalArgumentException for a pattern that is not a glob, or patterns that leave no file
   */
  PathArguments.Expansion expand(List<java.nio.file.Path> paths, boolean recursive) {
    PathArguments.Expansion found = PathArguments.expand(paths, recursive, filters());
    if (found.files().isEmpty() && found.refusals().isEmpty()) {
      throw new IllegalArgumentException("no file of the directories given matches the --include and --exclude"
          + " patterns");
    }
    return found;
  }

  /** Whether any pattern was given. */
  boolean any() {
    return includes != null || excludes != null;
  }

  /**
   * The patterns in the order given (picocli keeps each option's values apart, and the order
   * between them decides).
   *
   * @throws IllegalArgumentException for a pattern that is not a glob
   */
  List<PathArguments.Filter> filters() {
    List<PathArguments.Filter> filters = new ArrayList<>();
    List<String> args = command.commandLine().getParseResult().originalArgs();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        break;
      }
      for (String name : List.of("--include", "--exclude")) {
        if (arg.equals(name) && i + 1 < args.size()) {
          filters.add(PathArguments.Filter.of(name.equals("--include"), args.get(++i)));
        } else if (arg.startsWith(name + "=")) {
          filters.add(PathArguments.Filter.of(name.equals("--include"), arg.substring(name.length() + 1)));
        }
      }
    }
    return filters;
  }
}
