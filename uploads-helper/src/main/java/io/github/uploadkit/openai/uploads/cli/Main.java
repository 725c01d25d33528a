package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.client.internal.Redaction;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code openai-uploads} command: {@code upload FILE --purpose P}, {@code cancel UPLOAD_ID} and
 * {@code check FILE --purpose P}.
 * The API key comes from {@code OPENAI_API_KEY} only. Exit codes: 0 done, 1 a fault of the tool,
 * 2 usage or invalid input, 3 API error, 4 network failure or retries exhausted, 130 interrupted,
 * 143 terminated.
 */
public final class Main {
  private Main() {
  }

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    System.exit(run(args, env, System.out, System.err, Screen.standardError(env)));
  }

  /**
   * Runs the tool with the given environment and streams, and returns its exit code; with
   * {@code terminal}, {@code err} is taken for a terminal {@code COLUMNS} wide (80 without it).
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    return run(args, env, out, err, Screen.fixed(terminal, Screen.columnsFrom(env)));
  }

  static int run(String[] args, Map<String, String> env, PrintStream rawOut, PrintStream rawErr, Screen screen) {
    // the key never reaches the output, whatever a server sends back to be printed
    String key = new CliContext(env, rawOut, rawErr, screen).apiKey();
    PrintStream out = Redaction.printStream(rawOut, key);
    PrintStream err = Redaction.printStream(rawErr, key);
    CliContext context = new CliContext(env, out, err, screen);
    CommandLine commandLine = new CommandLine(new RootCommand())
        .addSubcommand(new UploadCommand(context))
        .addSubcommand(new CancelCommand(context))
        .addSubcommand(new CheckCommand(context))
        .addSubcommand(new CommandLine.HelpCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          err.println("openai-uploads: unexpected error: " + PrintedText.plain(e.toString()));
          e.printStackTrace(err);
          return 1;
        });
    commandLine.getSubcommands().values().forEach(sub -> sub.setParameterExceptionHandler(
        (e, arguments) -> usageError(e, err)));
    commandLine.setParameterExceptionHandler((e, arguments) -> usageError(e, err));
    commandLine.setExecutionStrategy(parsed -> {
      boolean verbose = false;
      for (CommandLine.ParseResult command = parsed; command != null; command = command.subcommand()) {
        verbose |= command.hasMatchedOption("--verbose");
      }
      try (ToolLog log = ToolLog.install(context, verbose)) {
        return new CommandLine.RunLast().execute(parsed);
      }
    });
    return commandLine.execute(args);
  }

  private static int usageError(CommandLine.ParameterException e, PrintStream err) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && e.getCommandLine().getParent() == null
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
      List<String> closest = unmatched.getSuggestions();
      err.println("openai-uploads: unknown command '" + PrintedText.plain(unmatched.getUnmatched().get(0))
          + "': the commands are upload, check, cancel and help"
          + (closest.isEmpty() ? "" : "; did you mean '" + PrintedText.plain(closest.get(0)) + "'?"));
      err.println("Try 'openai-uploads --help' for more.");
      return ExitCodes.USAGE;
    }
    err.println("openai-uploads: " + e.getMessage());
    err.println("Try 'openai-uploads " + (e.getCommandLine().getParent() == null ? "" : e.getCommandLine().getCommandName() + " ")
        + "--help' for the options.");
    return ExitCodes.USAGE;
  }

  /** The version the build wrote into {@code version.properties}: the artifact's own. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties properties = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"openai-uploads " + properties.getProperty("version", "(version unknown)")};
    }
  }

  @CommandLine.Command(name = "openai-uploads", mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      description = "Uploads large files to OpenAI in parallel parts through the Uploads API.%n"
          + "The API key is read from OPENAI_API_KEY.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "1:a fault of the tool itself", "2:usage or invalid input", "3:API error",
          "4:network failure or retries exhausted", "130:interrupted (Ctrl-C); the Uploads under way were cancelled",
          "143:terminated (SIGTERM); cancelled as with Ctrl-C"})
  static final class RootCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "a command is required: upload, cancel, check or help");
    }
  }
}
