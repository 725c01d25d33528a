package io.github.uploadkit.openai.uploads;

import java.util.List;

/**
 * What the content checks found in a file: the first problems (at most
 * {@value #MAX_LISTED}), each with where it is, and how many there were in all. A problem never
 * quotes the file's content.
 *
 * @param problems the first problems, in file order
 * @param problemCount how many problems there were in all
 * @param lines the lines read, for line-based formats (0 otherwise)
 */
public record ContentReport(List<Problem> problems, long problemCount, long lines) {
  /** How many problems a report lists. */
  public static final int MAX_LISTED = 20;

  /**
   * One problem.
   *
   * @param line the 1-based line, or 0 when the problem is not about a line
   * @param offset the byte offset where the line or the problem starts
   * @param message what is wrong and what is expected
   */
  public record Problem(long line, long offset, String message) {
    @Override
    public String toString() {
      return (line > 0 ? "line " + line + " (byte " + offset + "): " : "byte " + offset + ": ") + message;
    }
  }

  public ContentReport {
    problems = List.copyOf(problems);
  }

  /** Whether no problem was found. */
  public boolean clean() {
    return problemCount == 0;
  }

  /** The report as lines of text: a summary, then one line a problem. */
  public String describe() {
    if (clean()) {
      return "no problems found" + (lines > 0 ? " in " + lines + " lines" : "");
    }
    StringBuilder text = new StringBuilder().append(problemCount).append(problemCount == 1 ? " problem" : " problems")
        .append(" found").append(lines > 0 ? " in " + lines + " lines" : "")
        .append(problemCount > problems.size() ? " (the first " + problems.size() + " are listed)" : "").append(':');
    problems.forEach(problem -> text.append(System.lineSeparator()).append("  ").append(problem));
    return text.toString();
  }
}
