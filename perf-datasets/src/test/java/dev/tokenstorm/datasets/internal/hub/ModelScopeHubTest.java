package dev.tokenstorm.datasets.internal.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModelScopeHubTest {

  private static final String REPO = "AI-ModelScope/HC3-Chinese";

  @TempDir Path cache;

  private static byte[] data(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  private ModelScopeHub hub(FakeModelScope server) {
    return new ModelScopeHub(server.endpoint(), cache, Duration.ofSeconds(5), Duration.ofMillis(10));
  }

  @Test
  void downloadsUsingTheHubUrlLayout() throws IOException {
    byte[] bytes = "{\"question\": \"q\"}\n".getBytes(StandardCharsets.UTF_8);
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("open_qa.jsonl", bytes);
        ModelScopeHub hub = hub(server)) {
      Path file = hub.download(REPO, "open_qa.jsonl");
      assertThat(file).isEqualTo(
          cache.resolve("modelscope/datasets/AI-ModelScope/HC3-Chinese/open_qa.jsonl"));
      assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
      assertThat(server.requests()).containsExactly(
          "GET /api/v1/datasets/AI-ModelScope/HC3-Chinese",
          "GET /api/v1/datasets/4242/repo/tree?Revision=master&Root=%2F&Recursive=True"
              + "&PageNumber=1&PageSize=100",
          "GET /api/v1/datasets/AI-ModelScope/HC3-Chinese/repo?Source=SDK&Revision=master"
              + "&FilePath=open_qa.jsonl");
      assertThat(file.resolveSibling("open_qa.jsonl.part")).doesNotExist();
    }
  }

  @Test
  void cachedFileIsUsedWithoutContactingTheHub() throws IOException {
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("open_qa.jsonl", data(10));
        ModelScopeHub hub = hub(server)) {
      hub.download(REPO, "open_qa.jsonl");
      int before = server.requests().size();
      assertThat(Files.readAllBytes(hub.download(REPO, "open_qa.jsonl"))).isEqualTo(data(10));
      assertThat(server.requests()).hasSize(before);
    }
  }

  @Test
  void interruptedDownloadResumesWithARangeRequest() throws IOException {
    byte[] bytes = data(300_000);
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("open_qa.jsonl", bytes);
        ModelScopeHub hub = hub(server)) {
      server.cutDownloads(1, 100_000);
      Path file = hub.download(REPO, "open_qa.jsonl");
      assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
      List<String> downloads = server.requests().stream()
          .filter(request -> request.contains("/repo?")).toList();
      assertThat(downloads).hasSize(2);
      assertThat(downloads.get(0)).doesNotContain("Range");
      assertThat(downloads.get(1)).endsWith("[Range: bytes=100000-]");
    }
  }

  @Test
  void partialFileLeftByAnEarlierRunIsResumed() throws IOException {
    byte[] bytes = data(5_000);
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("open_qa.jsonl", bytes);
        ModelScopeHub hub = hub(server)) {
      Path target = hub.cachePath(REPO, "open_qa.jsonl");
      Files.createDirectories(target.getParent());
      Files.write(target.resolveSibling("open_qa.jsonl.part"),
          java.util.Arrays.copyOf(bytes, 1234));
      assertThat(Files.readAllBytes(hub.download(REPO, "open_qa.jsonl"))).isEqualTo(bytes);
      assertThat(server.requests()).last().asString().endsWith("[Range: bytes=1234-]");
    }
  }

  @Test
  void downloadFailingEveryAttemptKeepsThePartialFile() throws IOException {
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("open_qa.jsonl", data(50_000));
        ModelScopeHub hub = hub(server)) {
      server.cutDownloads(3, 0);
      assertThatThrownBy(() -> hub.download(REPO, "open_qa.jsonl"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("failed after 3 attempts")
          .hasMessageContaining("the next run resumes it");
      assertThat(hub.cachePath(REPO, "open_qa.jsonl")).doesNotExist();
      assertThat(Files.readAllBytes(hub.download(REPO, "open_qa.jsonl"))).isEqualTo(data(50_000));
    }
  }

  @Test
  void checksumMismatchDeletesTheDownload() throws IOException {
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .fileWithListedSha("open_qa.jsonl", data(100), "00".repeat(32));
        ModelScopeHub hub = hub(server)) {
      assertThatThrownBy(() -> hub.download(REPO, "open_qa.jsonl"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("has SHA-256 " + FakeModelScope.sha256(data(100)))
          .hasMessageContaining("but the hub lists " + "00".repeat(32));
      Path target = hub.cachePath(REPO, "open_qa.jsonl");
      assertThat(target).doesNotExist();
      assertThat(target.resolveSibling("open_qa.jsonl.part")).doesNotExist();
    }
  }

  @Test
  void fileMissingFromTheListingIsReported() throws IOException {
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("other.jsonl", data(3));
        ModelScopeHub hub = hub(server)) {
      assertThatThrownBy(() -> hub.download(REPO, "open_qa.jsonl"))
          .hasMessage("dataset " + REPO + " on " + server.endpoint() + " has no file open_qa.jsonl;"
              + " pass datasetPath(...) to a local copy instead");
    }
  }

  @Test
  void unknownDatasetReportsTheHubMessage() throws IOException {
    try (FakeModelScope server = new FakeModelScope("AI-ModelScope", "HC3-Chinese");
        ModelScopeHub hub = hub(server)) {
      assertThatThrownBy(() -> hub.download("nobody/nothing", "x.jsonl"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("/api/v1/datasets/nobody/nothing")
          .hasMessageContaining("HTTP 404");
    }
  }

  @Test
  void fileTreeIsReadPageByPage() throws IOException {
    try (FakeModelScope server = new FakeModelScope("clip-benchmark", "wds_flickr8k")) {
      for (int i = 0; i < 150; i++) {
        server.file("test/" + i + ".tar", data(1 + i % 7));
      }
      try (ModelScopeHub hub = hub(server)) {
        List<ModelScopeHub.HubFile> files = hub.listFiles("clip-benchmark/wds_flickr8k");
        assertThat(files).hasSize(150);
        assertThat(files.get(149).path()).isEqualTo("test/149.tar");
        assertThat(files).noneMatch(file -> file.path().equals("test"));
        assertThat(server.requests()).anyMatch(request -> request.contains("PageNumber=2&"))
            .noneMatch(request -> request.contains("PageNumber=3&"));
      }
    }
  }

  @Test
  void filePathsOutsideTheCacheFolderAreRejected() throws IOException {
    try (FakeModelScope server = new FakeModelScope("a", "b"); ModelScopeHub hub = hub(server)) {
      assertThatThrownBy(() -> hub.cachePath("a/b", "../../escape.txt"))
          .hasMessageContaining("points outside its cache folder");
      assertThatThrownBy(() -> hub.cachePath("no-slash", "x"))
          .hasMessage("hub dataset id must be namespace/name but was no-slash");
    }
  }
}
