package dev.tokenstorm.api.plugin;

/** What kind of endpoint a plugin talks to; decides which metrics and tables a run reports. */
public enum ApiKind {
  /** Text generation (chat/completions, completions, responses): TTFT, ITL, TPOT, output tokens. */
  GENERATION,
  /** Embeddings: latency and input tokens only. */
  EMBEDDING,
  /** Rerank: latency and input tokens only. */
  RERANK
}
