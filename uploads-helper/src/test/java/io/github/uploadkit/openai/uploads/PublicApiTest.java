package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.client.OpenAiClient;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guard on the public API of both artifacts: every public type and its public and protected
 * members, listed in {@code api/*.api} at the root of the project and compared here, so that the
 * API cannot change by accident. To change it on purpose, run
 * {@code mvn -B -pl uploads-helper -am test -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true}
 * and commit the listings with the change.
 */
class PublicApiTest {
  private static final Path API = Path.of("..", "api");

  @Test
  void theClientsPublicApiIsTheCommittedOne() throws Exception {
    check("openai-uploads-client.api", OpenAiClient.class);
  }

  @Test
  void theHelpersPublicApiIsTheCommittedOne() throws Exception {
    check("openai-uploads-helper.api", Uploader.class);
  }

  private static void check(String name, Class<?> anyClassOfTheArtifact) throws Exception {
    List<String> listing = listing(Path.of(anyClassOfTheArtifact.getProtectionDomain().getCodeSource().getLocation().toURI()));
    Path committed = API.resolve(name);
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(API);
      Files.write(committed, listing);
      return;
    }
    List<String> expected = Files.exists(committed) ? Files.readAllLines(committed) : List.of();
    List<String> added = new ArrayList<>(listing);
    added.removeAll(expected);
    List<String> removed = new ArrayList<>(expected);
    removed.removeAll(listing);
    assertThat(added.isEmpty() && removed.isEmpty())
        .as("the public API of %s changed: added %s, removed %s; if that is meant, update api/%s with the command in"
            + " this test's Javadoc (README: Layout) and commit it", name, added, removed, name)
        .isTrue();
  }

  /** Every public type under {@code location} (a folder of classes or a jar), then its members, sorted. */
  static List<String> listing(Path location) throws IOException, ClassNotFoundException {
    TreeSet<String> classNames = new TreeSet<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files.filter(file -> file.toString().endsWith(".class"))
            .forEach(file -> classNames.add(className(location.relativize(file).toString())));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().filter(entry -> entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF"))
            .forEach(entry -> classNames.add(className(entry.getName())));
      }
    }
    List<String> lines = new ArrayList<>();
    for (String className : classNames) {
      Class<?> type = Class.forName(className, false, PublicApiTest.class.getClassLoader());
      if (!isPublicApi(type)) {
        continue;
      }
      lines.add(Modifier.toString(type.getModifiers() & ~Modifier.INTERFACE) + " " + kind(type) + " " + type.getName()
          + (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
              && !type.isRecord() ? " extends " + type.getGenericSuperclass().getTypeName() : ""));
      TreeSet<String> members = new TreeSet<>();
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        add(members, constructor, constructor.toGenericString());
      }
      for (Method method : type.getDeclaredMethods()) {
        if (!method.isBridge()) {
          add(members, method, method.toGenericString());
        }
      }
      for (Field field : type.getDeclaredFields()) {
        add(members, field, field.toGenericString());
      }
      members.forEach(member -> lines.add("  " + member));
    }
    return lines;
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isSynthetic() || t.isAnonymousClass()) {
        return false;
      }
    }
    return true;
  }

  private static void add(TreeSet<String> members, Member member, String text) {
    int modifiers = member.getModifiers();
    if ((Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)) && !member.isSynthetic()) {
      members.add(text);
    }
  }

  private static String kind(Class<?> type) {
    return type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
        : type.isRecord() ? "record" : "class";
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
  }
}
