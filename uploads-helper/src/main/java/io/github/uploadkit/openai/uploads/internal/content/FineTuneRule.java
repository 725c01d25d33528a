package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.internal.content.JsonLineScanner.Kind;
import io.github.uploadkit.openai.uploads.internal.content.JsonlInspector.LineProblems;
import io.github.uploadkit.openai.uploads.internal.content.JsonlRules.Field;

/**
 * A fine-tuning line: chat {@code messages}, a preference pair ({@code input.messages},
 * {@code preferred_output}, {@code non_preferred_output}), or a {@code prompt} and
 * {@code completion}. Messages are checked one by one as they end, so a line of any number of
 * them costs the same memory.
 */
final class FineTuneRule extends JsonlInspector.LineRule {
  /** What a container at a depth is to this rule. */
  private static final int OTHER = 0;
  private static final int LINE = 1;
  private static final int INPUT = 2;
  private static final int LIST = 3;
  private static final int MESSAGE = 4;
  private static final int TRACKED = 4;

  private final int[] context = new int[TRACKED];
  private final Messages[] lists = new Messages[TRACKED];
  private Messages messages;
  private Messages inputMessages;
  private Messages preferred;
  private Messages nonPreferred;
  private final Field input = new Field();
  private final Field prompt = new Field();
  private final Field completion = new Field();
  private boolean hasInput;
  private boolean hasPrompt;
  private boolean hasCompletion;
  private Field capturing;
  private Messages capturingItemOf;

  /** One list of messages: what stood where it should be, and what its messages lacked. */
  private static final class Messages {
    final String field;
    final boolean needsAssistant;
    final Field value = new Field();
    final LineProblems problems = new LineProblems();
    final Field item = new Field();
    final Field role = new Field();
    Kind content;
    boolean calls;
    int count;
    boolean assistant;

    Messages(String field, boolean needsAssistant, Kind kind) {
      this.field = field;
      this.needsAssistant = needsAssistant;
      value.set(kind);
    }

    void messageStarted() {
      count++;
      role.set(null);
      content = null;
      calls = false;
    }

    void messageEnded() {
      String at = field + "[" + (count - 1) + "]";
      String name = role.exact();
      if (name == null || !JsonlRules.ROLES.contains(name)) {
        problems.add(at + ".role is " + role.describe() + ": expected one of system, developer, user, assistant, tool");
        return;
      }
      assistant |= name.equals("assistant");
      boolean nullWithCalls = (content == null || content == Kind.NULL) && calls;
      if (content != Kind.STRING && content != Kind.ARRAY && !nullWithCalls) {
        problems.add(at + ".content is " + (content == null ? "missing or null" : JsonlInspector.kind(content))
            + ": expected a string or an array of content parts");
      }
    }

    void notAMessage() {
      problems.add(field + "[" + (count - 1) + "] is " + item.describe() + ": each message must be an object");
    }

    void check(LineProblems found) {
      if (count == 0) {
        found.add(field + " is " + value.describe() + ": it must be a non-empty array of messages");
        return;
      }
      problems.messages.forEach(found::add);
      if (needsAssistant && !assistant) {
        found.add(field + " has no assistant message: fine-tuning needs one to learn from");
      }
    }

    static Messages missing(String field, boolean needsAssistant) {
      return new Messages(field, needsAssistant, null);
    }
  }

  @Override
  int keyDepth() {
    return TRACKED;
  }

  @Override
  void lineStarted(long line) {
    messages = null;
    inputMessages = null;
    preferred = null;
    nonPreferred = null;
    hasInput = false;
    hasPrompt = false;
    hasCompletion = false;
    context[0] = LINE;
  }

  @Override
  boolean value(int depth, String key, Kind kind) {
    int parent = depth - 1 < TRACKED ? context[depth - 1] : OTHER;
    int role = OTHER;
    Messages list = null;
    capturing = null;
    capturingItemOf = null;
    switch (parent) {
      case LINE -> {
        if (key != null) {
          switch (key) {
            case "messages" -> list = messages = new Messages("messages", true, kind);
            case "preferred_output" -> list = preferred = new Messages("preferred_output", true, kind);
            case "non_preferred_output" -> list = nonPreferred = new Messages("non_preferred_output", true, kind);
            case "input" -> {
              hasInput = true;
              capturing = input.set(kind);
              role = kind == Kind.OBJECT ? INPUT : OTHER;
            }
            case "prompt" -> {
              hasPrompt = true;
              prompt.set(kind);
            }
            case "completion" -> {
              hasCompletion = true;
              completion.set(kind);
            }
            default -> {
            }
          }
        }
      }
      case INPUT -> {
        if ("messages".equals(key)) {
          list = inputMessages = new Messages("input.messages", false, kind);
        }
      }
      case LIST -> {
        list = lists[depth - 1];
        list.messageStarted();
        if (kind == Kind.OBJECT) {
          role = MESSAGE;
        } else {
          capturing = list.item.set(kind);
          capturingItemOf = list;
          if (kind != Kind.STRING) {
            list.notAMessage();
          }
        }
      }
      case MESSAGE -> {
        list = lists[depth - 1];
        if (key != null) {
          switch (key) {
            case "role" -> capturing = list.role.set(kind);
            case "content" -> list.content = kind;
            case "tool_calls", "function_call" -> list.calls = true;
            default -> {
            }
          }
        }
      }
      default -> {
      }
    }
    if (list != null && parent != LIST && parent != MESSAGE) {
      capturing = list.value;
      role = kind == Kind.ARRAY ? LIST : OTHER;
    }
    if (depth < TRACKED) {
      context[depth] = role;
      lists[depth] = list;
    }
    return capturing != null && kind == Kind.STRING;
  }

  @Override
  void text(Capture text) {
    capturing.text(text);
    if (capturingItemOf != null) {
      capturingItemOf.notAMessage();
    }
  }

  @Override
  void ended(int depth) {
    if (depth < TRACKED && context[depth] == MESSAGE) {
      lists[depth].messageEnded();
    }
  }

  @Override
  void lineEnded(LineProblems found) {
    if (messages != null) {
      messages.check(found);
    } else if (hasInput || preferred != null || nonPreferred != null) {
      if (!hasInput || input.kind != Kind.OBJECT) {
        found.add("input is " + (hasInput ? input.describe() : "missing or null")
            + ": a preference example needs an input object with messages");
      } else {
        (inputMessages == null ? Messages.missing("input.messages", false) : inputMessages).check(found);
      }
      (preferred == null ? Messages.missing("preferred_output", true) : preferred).check(found);
      (nonPreferred == null ? Messages.missing("non_preferred_output", true) : nonPreferred).check(found);
    } else if (hasPrompt || hasCompletion) {
      checkString("prompt", hasPrompt ? prompt : null, found);
      checkString("completion", hasCompletion ? completion : null, found);
    } else {
      found.add("the object is none of the fine-tuning shapes: expected \"messages\" (chat), \"input\" with"
          + " \"preferred_output\" and \"non_preferred_output\" (preference), or \"prompt\" and \"completion\"");
    }
  }

  private static void checkString(String name, Field field, LineProblems found) {
    if (field == null || field.kind != Kind.STRING) {
      found.add(name + " is " + (field == null ? "missing or null" : field.describe())
          + ": the prompt and completion form needs both as strings");
    }
  }
}
