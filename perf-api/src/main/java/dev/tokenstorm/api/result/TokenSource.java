package dev.tokenstorm.api.result;

/** Where a request's output-token count came from, best first. */
public enum TokenSource {
  /** The server's {@code usage} object. */
  USAGE,
  /** The client tokenizer, run over content and reasoning text. */
  TOKENIZER,
  /** The number of output-bearing events; undercounts when one event carries several tokens. */
  EVENT_COUNT,
  /** No count: the request failed or carried no output. */
  NONE
}
