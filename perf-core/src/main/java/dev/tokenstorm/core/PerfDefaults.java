package dev.tokenstorm.core;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Default values of {@link PerfRun.Builder} settings. They match evalscope perf's defaults unless a
 * constant's javadoc says otherwise.
 */
public final class PerfDefaults {

  /** Target URL: a local OpenAI-compatible chat endpoint. */
  public static final String URL = "http://127.0.0.1:8877/v1/chat/completions";

  /** API plugin name. */
  public static final String API = "openai";

  /** Dataset name when neither a prompt nor a dataset is set. */
  public static final String DATASET = "openqa";

  /** Port of a locally started inference server. */
  public static final int PORT = 8877;

  /** Requests in flight at most (closed loop), per sweep point. */
  public static final int PARALLEL = 1;

  /** Measured requests per sweep point. */
  public static final int NUMBER = 1000;

  /** Rate value meaning "unpaced": requests are released as fast as the in-flight cap allows. */
  public static final double UNPACED = -1;

  /** Log the running summary every this many completed requests. */
  public static final int LOG_EVERY_N_QUERIES = 100;

  /** Pause between the runs of a sweep. */
  public static final Duration SLEEP_INTERVAL = Duration.ofSeconds(5);

  /** Limit on one request, streamed body included. */
  public static final Duration TOTAL_TIMEOUT = Duration.ofHours(6);

  /** {@code max_tokens} sent with each request. */
  public static final int MAX_TOKENS = 2048;

  /** {@code temperature} sent with each request. */
  public static final double TEMPERATURE = 0.0;

  /** Upper prompt-length bound (inclusive): tokens with a tokenizer, characters without. */
  public static final int MAX_PROMPT_LENGTH = 131_072;

  /** Lower prompt-length bound (inclusive). */
  public static final int MIN_PROMPT_LENGTH = 0;

  /** Root folder of output files. */
  public static final Path OUTPUTS_DIR = Path.of("outputs");

  /** SQLite rows per transaction. */
  public static final int DB_COMMIT_INTERVAL = 1000;

  /** Multiple of {@code parallel} that sizes the paced request queue of a closed loop. */
  public static final int QUEUE_SIZE_MULTIPLIER = 5;

  /**
   * Kept for compatibility with evalscope configurations. Workers here take requests straight
   * from the queue, so no extra tasks are created; the value is validated and recorded only.
   */
  public static final int IN_FLIGHT_TASK_MULTIPLIER = 2;

  /**
   * {@code max_tokens} of the connection test request, which only checks that the endpoint
   * responds. Tokenstorm caps it so the test takes a moment, not minutes.
   */
  public static final int CONNECTION_TEST_MAX_TOKENS = 8;

  /** Maximum time spent retrying the connection test before the run fails. */
  public static final Duration CONNECTION_TEST_BUDGET = Duration.ofSeconds(30);

  /** Maximum characters of a request body or output text kept per stored record. */
  public static final int MAX_STORED_TEXT_CHARS = 16_384;

  /** How long a cancelled run waits for in-flight requests before abandoning them. */
  public static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

  private PerfDefaults() {}
}
