package io.github.uploadkit.openai.uploads.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files that a command's PATH arguments name: a file as given; a directory's files (its
 * subdirectories' too with {@code recursive}), in name order, hidden ones (a name starting with
 * '.') skipped, symbolic links followed only when they end at a regular file, a file named
 * several ways (a hard link, a symbolic link) taken once, under its first name, and the
 * {@code --include} / {@code --exclude} filters applied to a directory's files (a file named
 * itself is taken as it is). Paths that name nothing usable, and files whose name is not UTF-8
 * (the API takes no other), are listed as refusals, all at once.
 */
final class PathArguments {
  /** The files found, each once, and what was wrong with the arguments that named none. */
  record Expansion(List<Path> files, List<Refusal> refusals) {
  }

  /**
   * An {@code --include} or {@code --exclude} glob (Java's glob syntax: {@code *} within a name,
   * {@code **} across folders), matched against a file's path below the directory given and
   * against its name alone.
   */
  record Filter(boolean include, String glob, PathMatcher matcher) {
    static Filter of(boolean include, String glob) {
      try {
        return new Filter(include, glob, FileSystems.getDefault().getPathMatcher("glob:" + glob));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--" + (include ? "include" : "exclude") + " '" + glob
            + "' is not a glob pattern (" + e.getMessage().lines().findFirst().orElse("") + "): use *, ?, [abc], {a,b}"
            + " and ** for any folders", e);
      }
    }

    boolean matches(Path relative) {
      return matcher.matches(relative) || relative.getFileName() != null && matcher.matches(relative.getFileName());
    }

    /** Whether a file is selected: every file is, then each filter in turn includes or excludes it (the last match wins). */
    static boolean selected(List<Filter> filters, Path relative) {
      boolean selected = true;
      for (Filter filter : filters) {
        if (filter.matches(relative)) {
          selected = filter.include();
        }
      }
      return selected;
    }
  }

  /**
   * A path that cannot be uploaded, and why: the reason, then {@code details} (the content
   * checks' problems, one a line), each to be escaped on its own line.
   */
  record Refusal(Path path, String reason, List<String> details) {
    Refusal {
      details = List.copyOf(details);
    }

    Refusal(Path path, String reason) {
      this(path, reason, List.of());
    }

    /** The reason and its details as one text, a line each. */
    String text() {
      return details.isEmpty() ? reason : reason + "\n" + String.join("\n", details);
    }

    @Override
    public String toString() {
      return path + ": " + text();
    }
  }

  private PathArguments() {
  }

  /** Whether the arguments may name several files (more than one path, or a directory). */
  static boolean several(List<Path> arguments) {
    return arguments.size() > 1 || Files.isDirectory(arguments.get(0));
  }

  static Expansion expand(List<Path> arguments, boolean recursive) {
    return expand(arguments, recursive, List.of());
  }

  /** The files named, less those that the filters leave out. */
  static Expansion expand(List<Path> arguments, boolean recursive, List<Filter> filters) {
    Set<Path> files = new LinkedHashSet<>();
    Set<Object> seen = new java.util.HashSet<>(); // a file named twice, in two ways, is one file
    List<Refusal> refusals = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        List<Path> found = new ArrayList<>();
        List<Refusal> unreadable = new ArrayList<>();
        collect(argument, argument, recursive, filters, found, unreadable);
        if (!unreadable.isEmpty() && unreadable.get(0).path().equals(argument)) {
          refusals.addAll(unreadable);
          continue;
        }
        found.sort(null);
        found.forEach(path -> addOnce(files, seen, refusals, path));
        refusals.addAll(unreadable); // a subdirectory that cannot be read: its files are not known
        if (found.isEmpty() && unreadable.isEmpty() && filters.isEmpty()) {
          refusals.add(new Refusal(argument, "the directory has no files to upload"
              + (!recursive && hasSubdirectory(argument) ? " (add --recursive to include its subdirectories)"
                  : " (hidden files are skipped)")));
        }
      } else if (Files.isRegularFile(argument)) {
        addOnce(files, seen, refusals, argument); // named: the filters choose among a directory's files only
      } else if (Files.exists(argument, LinkOption.NOFOLLOW_LINKS)) {
        refusals.add(new Refusal(argument, "not a regular file or a directory"));
      } else {
        refusals.add(new Refusal(argument, "no such file or directory"));
      }
    }
    return new Expansion(List.copyOf(files), refusals);
  }

  /** Opens a directory's listing; a seam for tests, which cannot make a folder unreadable to root. */
  interface DirectoryOpener {
    java.nio.file.DirectoryStream<Path> open(Path directory) throws IOException;
  }

  static volatile DirectoryOpener opener = Files::newDirectoryStream;

  /** Reads a listed entry's own attributes (not through a link); a seam for tests, as {@link #opener}. */
  interface AttributeReader {
    BasicFileAttributes read(Path entry) throws IOException;
  }

  static volatile AttributeReader attributes =
      entry -> Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);

  /**
   * Adds {@code directory}'s regular files that the filters select to {@code found} (its
   * subdirectories' too with {@code recursive}, linked directories not entered, hidden names
   * skipped), and each directory that cannot be read to {@code unreadable}, then goes on.
   */
  private static void collect(Path root, Path directory, boolean recursive, List<Filter> filters, List<Path> found,
      List<Refusal> unreadable) {
    List<Path> children = new ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> listing = opener.open(directory)) {
      listing.forEach(children::add);
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      IOException cause = e instanceof java.nio.file.DirectoryIteratorException d ? d.getCause() : (IOException) e;
      unreadable.add(new Refusal(directory, "the directory cannot be read (" + JournalLocation.why(cause) + "), so its"
          + " files are not known: make it readable (chmod u+rx) to include them"));
      return;
    }
    for (Path child : children) {
      if (child.getFileName().toString().startsWith(".")) {
        continue;
      }
      BasicFileAttributes own;
      try {
        own = attributes.read(child);
      } catch (IOException e) { // listed but not reachable: a folder readable without execute permission, say
        if (Filter.selected(filters, root.relativize(child))) {
          unreadable.add(new Refusal(child, "it cannot be read (" + JournalLocation.why(e) + "), so it is not known"
              + " whether it is a file: make its folder " + directory + " searchable (chmod u+x) to include it"));
        }
        continue;
      }
      if (own.isDirectory()) {
        if (recursive) {
          collect(root, child, true, filters, found, unreadable);
        }
      } else if ((own.isRegularFile() || own.isSymbolicLink() && Files.isRegularFile(child)) // through a link too
          && Filter.selected(filters, root.relativize(child))) {
        found.add(child);
      }
    }
  }

  private static void addOnce(Set<Path> files, Set<Object> seen, List<Refusal> refusals, Path file) {
    if (seen.add(identity(file))) {
      String problem = nameProblem(file);
      if (problem != null) {
        refusals.add(new Refusal(file, problem));
      } else {
        files.add(file.normalize());
      }
    }
  }

  /**
   * What makes a file the same file whatever it is named by: its file key (device and inode, the
   * end of any link), so that a hard link, a symbolic link and the name itself are one file;
   * its absolute path where the file system has no keys.
   */
  private static Object identity(Path file) {
    try {
      Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      if (key != null) {
        return key;
      }
    } catch (IOException e) {
      // named by its path below
    }
    return file.toAbsolutePath().normalize();
  }

  /** Why the file's name cannot be the File's name (its bytes are not UTF-8), or null when it can. */
  static String nameProblem(Path file) {
    Path name = file.getFileName();
    byte[] bytes = name == null ? new byte[0] : NativePaths.bytes(name);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(in);
      return null;
    } catch (java.nio.charset.CharacterCodingException e) {
      return String.format("its name is not UTF-8 (byte 0x%02x at index %d), and the API takes UTF-8 names only:"
          + " rename the file", bytes[in.position()] & 0xff, in.position());
    }
  }

  private static boolean hasSubdirectory(Path directory) {
    try (Stream<Path> children = Files.list(directory)) {
      return children.anyMatch(Files::isDirectory);
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

}
