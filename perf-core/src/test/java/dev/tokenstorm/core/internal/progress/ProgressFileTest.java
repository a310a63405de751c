package dev.tokenstorm.core.internal.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.core.time.PerfClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ProgressFileTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ManualClock clock = new ManualClock();

  @Test
  void startWritesEvalscopeShape(@TempDir Path dir) throws IOException {
    try (ProgressFile progress = ProgressFile.start(dir, 1000, clock, null)) {
      JsonNode node = read(dir);
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("status", "pipeline", "total_count", "processed_count",
          "percent", "updated_at");
      assertThat(node.get("status").asText()).isEqualTo("running");
      assertThat(node.get("pipeline").asText()).isEqualTo("perf");
      assertThat(node.get("total_count").asLong()).isEqualTo(1000);
      assertThat(node.get("processed_count").asLong()).isZero();
      assertThat(node.get("percent").asDouble()).isZero();
      LocalDateTime expected = LocalDateTime.ofInstant(
          java.time.Instant.ofEpochMilli(clock.wallMillis()), ZoneId.systemDefault());
      assertThat(node.get("updated_at").asText()).matches(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
      assertThat(LocalDateTime.parse(node.get("updated_at").asText())).isEqualTo(expected);
      assertThat(progress.path()).isEqualTo(dir.resolve("progress.json"));
    }
  }

  @Test
  void flushWritesOnlyChangedCounts(@TempDir Path dir)
      throws IOException {
    try (ProgressFile progress = ProgressFile.start(dir, 3, clock, null)) {
      complete(progress, 1);
      clock.advance(Duration.ofMillis(1500));
      progress.flush();
      JsonNode first = read(dir);
      assertThat(first.get("processed_count").asLong()).isEqualTo(1);
      assertThat(first.get("percent").asDouble()).isEqualTo(33.33);

      clock.advance(Duration.ofSeconds(5));
      progress.flush();
      assertThat(read(dir).get("updated_at").asText())
          .as("no write without progress").isEqualTo(first.get("updated_at").asText());

      complete(progress, 1);
      progress.flush();
      assertThat(read(dir).get("percent").asDouble()).isEqualTo(66.67);
    }
  }

  @Test
  void finalStatusIsLastWrite(@TempDir Path dir) throws IOException {
    ProgressFile progress = ProgressFile.start(dir, 4, clock, null);
    complete(progress, 4);
    progress.completed();
    JsonNode done = read(dir);
    assertThat(done.get("status").asText()).isEqualTo("completed");
    assertThat(done.get("processed_count").asLong()).isEqualTo(4);
    assertThat(done.get("percent").asDouble()).isEqualTo(100.0);
    assertThat(done.has("error")).isFalse();

    complete(progress, 1);
    progress.flush();
    progress.failed("too late");
    progress.close();
    assertThat(read(dir)).isEqualTo(done);
  }

  @Test
  void errorStatusCarriesReason(@TempDir Path dir) throws IOException {
    Path cancelled = Files.createDirectory(dir.resolve("cancelled"));
    Path failed = Files.createDirectory(dir.resolve("failed"));
    Path unfinished = Files.createDirectory(dir.resolve("unfinished"));

    ProgressFile.start(cancelled, 10, clock, null).cancelled();
    ProgressFile.start(failed, 10, clock, null).failed("connection test failed: HTTP 401");
    ProgressFile.start(unfinished, 10, clock, null).close();

    assertThat(read(cancelled).get("status").asText()).isEqualTo("error");
    assertThat(read(cancelled).get("error").asText()).isEqualTo("cancelled");
    assertThat(read(failed).get("error").asText()).isEqualTo("connection test failed: HTTP 401");
    assertThat(read(unfinished).get("status").asText()).isEqualTo("error");
    assertThat(read(unfinished).get("error").asText()).contains("without a final status");
  }

  @Test
  @Timeout(10)
  void tickerWritesWithoutFlush(@TempDir Path dir) throws Exception {
    try (ProgressFile progress = ProgressFile.start(dir, 10, PerfClock.system(),
        Duration.ofMillis(20))) {
      complete(progress, 7);
      while (read(dir).get("processed_count").asLong() != 7) {
        Thread.sleep(5);
      }
      progress.completed();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("progress.json"));
    }
  }

  @Test
  void unwritableFolderDoesNotThrow(@TempDir Path dir) {
    Path missing = dir.resolve("does-not-exist");

    assertThatCode(() -> {
      try (ProgressFile progress = ProgressFile.start(missing, 5, clock, null)) {
        complete(progress, 2);
        progress.flush();
        progress.completed();
      }
    }).doesNotThrowAnyException();
    assertThat(missing).doesNotExist();
  }

  private JsonNode read(Path dir) throws IOException {
    return json.readTree(dir.resolve("progress.json").toFile());
  }

  private static void complete(ProgressFile progress, int count) {
    ProgressListener listener = progress.listener();
    for (int i = 0; i < count; i++) {
      listener.onRequestCompleted(null, null, null);
    }
  }

  /** A clock that moves only when advanced. Wall time starts at a fixed instant. */
  private static final class ManualClock implements PerfClock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong wall = new AtomicLong(1_775_120_742_123L);

    void advance(Duration duration) {
      nanos.addAndGet(duration.toNanos());
      wall.addAndGet(duration.toMillis());
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    @Override
    public long wallMillis() {
      return wall.get();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
      nanos.accumulateAndGet(deadlineNanos, Math::max);
    }
  }
}
