package dev.tokenstorm.api.plugin;

/** What an output-bearing event carries. */
public enum TokenKind {
  /** Visible answer text. */
  CONTENT,
  /** Reasoning text, such as {@code reasoning_content}. */
  REASONING,
  /** A tool-call or function-call argument delta. */
  TOOL_CALL,
  /** A refusal message. */
  REFUSAL
}
