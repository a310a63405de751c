package dev.tokenstorm.testkit.server;

/** The content of one write recorded in a {@link RequestTruth}. */
public enum EventKind {
  /** The role-only first chat chunk; carries no tokens. */
  ROLE,
  /** A chunk with reasoning tokens ({@code delta.reasoning_content}). */
  REASONING,
  /** A chunk with content tokens. */
  CONTENT,
  /** The chunk with {@code finish_reason} and an empty delta; carries no tokens. */
  FINISH,
  /** The usage-only chunk ({@code choices: []}). */
  USAGE,
  /** {@code data: [DONE]}. */
  DONE,
  /** An {@code error} object inside a 200 stream, from {@link Fault.ErrorEventAfterEvents}. */
  ERROR,
  /** An event with truncated JSON, from {@link Fault.MalformedEventAfterEvents}. */
  MALFORMED,
  /** An event with invalid UTF-8, from {@link Fault.InvalidUtf8AfterEvents}. */
  INVALID_UTF8,
  /** A whole non-streamed body; carries the completion's tokens. */
  BODY,
  /** One flush of a {@link RawScript}. */
  RAW
}
