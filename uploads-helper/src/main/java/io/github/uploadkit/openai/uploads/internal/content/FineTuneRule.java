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
  private final Messages chat = new Messages("messages", true);
  private final Messages inputChat = new Messages("input.messages", false);
  private final Messages preferred = new Messages("preferred_output", true);
  private final Messages nonPreferred = new Messages("non_preferred_output", true);
  private final Field input = new Field();
  private final Field prompt = new Field();
  private final Field completion = new Field();
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


    Messages(String field, boolean needsAssistant) {
      this.field = field;
      this.needsAssistant = needsAssistant;
    }

    /** The list is present in this line as a value of {@code kind}; null clears it for a new line. */
    Messages start(Kind kind) {
      value.set(kind);
      problems.messages.clear();
      count = 0;
      assistant = false;
      return this;
    }

    /** Whether the list's field was in this line. */
    boolean present() {
      return value.kind != null;
    }

    private String at() {
      return field + "[" + (count - 1) + "]";
    }

    void messageStarted() {
      count++;
      role.set(null);
      content = null;
      calls = false;
    }

    void messageEnded() {
      String name = role.exact();
      if (name == null || !JsonlRules.ROLES.contains(name)) {
        problems.add(at() + ".role is " + role.describe() + ": expected one of system, developer, user, assistant, tool");
        return;
      }
      assistant |= name.equals("assistant");
      boolean nullWithCalls = (content == null || content == Kind.NULL) && calls;
      if (content != Kind.STRING && content != Kind.ARRAY && !nullWithCalls) {
        problems.add(at() + ".content is " + (content == null ? "missing or null" : JsonlInspector.kind(content))
            + ": expected a string or an array of content parts");
      }
    }

    void notAMessage() {
      problems.add(at() + " is " + item.describe() + ": each message must be an object");
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
  }

  private static final int MESSAGES = 0;
  private static final int INPUT_KEY = 1;
  private static final int PREFERRED = 2;
  private static final int NON_PREFERRED = 3;
  private static final int PROMPT = 4;
  private static final int COMPLETION = 5;
  private static final int ROLE = 6;
  private static final int CONTENT = 7;
  private static final int TOOL_CALLS = 8;
  private static final int FUNCTION_CALL = 9;

  @Override
  java.util.List<String> keys() {
    return java.util.List.of("messages", "input", "preferred_output", "non_preferred_output", "prompt", "completion",
        "role", "content", "tool_calls", "function_call");
  }

  @Override
  int keyDepth() {
    return TRACKED;
  }

  @Override
  void lineStarted(long line) {
    chat.start(null);
    inputChat.start(null);
    preferred.start(null);
    nonPreferred.start(null);
    input.set(null); // a field not in this line has no kind
    prompt.set(null);
    completion.set(null);
    context[0] = LINE;
  }

  @Override
  boolean value(int depth, int key, Kind kind) {
    int parent = depth - 1 < TRACKED ? context[depth - 1] : OTHER;
    int becomes = OTHER;
    Messages list = null;
    capturing = null;
    capturingItemOf = null;
    switch (parent) {
      case LINE -> {
        switch (key) {
          case MESSAGES -> list = chat.start(kind);
          case PREFERRED -> list = preferred.start(kind);
          case NON_PREFERRED -> list = nonPreferred.start(kind);
          case INPUT_KEY -> {
            capturing = input.set(kind);
            becomes = kind == Kind.OBJECT ? INPUT : OTHER;
          }
          case PROMPT -> {
            prompt.set(kind);
          }
          case COMPLETION -> {
            completion.set(kind);
          }
          default -> {
          }
        }
      }
      case INPUT -> {
        if (key == MESSAGES) {
          list = inputChat.start(kind);
        }
      }
      case LIST -> {
        list = lists[depth - 1];
        list.messageStarted();
        if (kind == Kind.OBJECT) {
          becomes = MESSAGE;
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
        switch (key) {
          case ROLE -> capturing = list.role.set(kind);
          case CONTENT -> list.content = kind;
          case TOOL_CALLS, FUNCTION_CALL -> list.calls = true;
          default -> {
          }
        }
      }
      default -> {
      }
    }
    if (list != null && parent != LIST && parent != MESSAGE) {
      capturing = list.value;
      becomes = kind == Kind.ARRAY ? LIST : OTHER;
    }
    if (depth < TRACKED) {
      context[depth] = becomes;
      lists[depth] = list;
    }
    return capturing != null && kind == Kind.STRING;
  }

  @Override
  void text(Capture text) {
    if (capturingItemOf == null && capturing != input) {
      capturing.text(text, JsonlRules.ROLE_NAMES); // a role, or what stood for a list
    } else {
      capturing.text(text);
    }
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
    if (chat.present()) {
      chat.check(found);
    } else if (input.kind != null || preferred.present() || nonPreferred.present()) {
      if (input.kind != Kind.OBJECT) {
        found.add("input is " + input.describe()
            + ": a preference example needs an input object with messages");
      } else {
        inputChat.check(found);
      }
      preferred.check(found);
      nonPreferred.check(found);
    } else if (prompt.kind != null || completion.kind != null) {
      checkString("prompt", prompt, found);
      checkString("completion", completion, found);
    } else {
      found.add("the object is none of the fine-tuning shapes: expected \"messages\" (chat), \"input\" with"
          + " \"preferred_output\" and \"non_preferred_output\" (preference), or \"prompt\" and \"completion\"");
    }
  }

  private static void checkString(String name, Field field, LineProblems found) {
    if (field.kind != Kind.STRING) {
      found.add(name + " is " + field.describe() + ": the prompt and completion form needs both as strings");
    }
  }
}
