package dev.tokenstorm.datasets.internal.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads dataset files from a ModelScope hub into a local cache, using the hub's HTTP API:
 *
 * <ol>
 *   <li>{@code GET {endpoint}/api/v1/datasets/{namespace}/{name}}: the dataset's numeric id
 *       ({@code Data.Id});
 *   <li>{@code GET {endpoint}/api/v1/datasets/{id}/repo/tree?Revision=..&Root=/&Recursive=True
 *       &PageNumber=N&PageSize=100}: the file list ({@code Data.Files[]} with {@code Path},
 *       {@code Type} {@code blob} or {@code tree}, {@code Size} and {@code Sha256});
 *   <li>{@code GET {endpoint}/api/v1/datasets/{namespace}/{name}/repo?Source=SDK&Revision=..
 *       &FilePath=..}: the file's bytes (redirects are followed).
 * </ol>
 *
 * <p>Downloads are resume-safe: bytes go to {@code <file>.part}; an interrupted download resumes
 * with an HTTP {@code Range} request (up to three attempts per call, and again on the next run);
 * the size and SHA-256 the hub lists are checked; and only then is the file moved to its final
 * name. A file already in the cache is used without contacting the hub.
 *
 * <p>Only public datasets are supported: no credentials are sent.
 *
 * <p>Threading: not safe for concurrent use; one instance serves one dataset open.
 * Lifecycle: {@link #close()} releases the HTTP client.
 */
public final class ModelScopeHub implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelScopeHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 1000;
  private static final int MAX_ATTEMPTS = 3;
  private static final String REVISION = "master";

  private final URI endpoint;
  private final Path cacheRoot;
  private final Duration stallTimeout;
  private final Duration retryDelay;
  private final HttpClient client;
  private final ScheduledExecutorService watchdog;

  /**
   * Creates a client.
   *
   * @param endpoint the hub's base URL, such as {@code https://www.modelscope.cn}
   * @param cacheDir the cache folder; files go to {@code modelscope/datasets/<ns>/<name>/} inside
   * @param stallTimeout how long a download may receive no bytes before it is retried
   * @param retryDelay the pause before retrying a failed download
   */
  public ModelScopeHub(URI endpoint, Path cacheDir, Duration stallTimeout, Duration retryDelay) {
    this.endpoint = stripTrailingSlash(Objects.requireNonNull(endpoint, "endpoint"));
    this.cacheRoot = cacheDir.resolve("modelscope").resolve("datasets");
    this.stallTimeout = stallTimeout;
    this.retryDelay = retryDelay;
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "modelscope-download-watchdog");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Creates a client with a 60-second stall timeout and a 2-second retry delay. */
  public ModelScopeHub(URI endpoint, Path cacheDir) {
    this(endpoint, cacheDir, Duration.ofSeconds(60), Duration.ofSeconds(2));
  }

  /** A file of a hub dataset, as the file list reports it. */
  public record HubFile(String path, OptionalLong size, @Nullable String sha256) {}

  /** Returns where {@code filePath} of {@code repoId} is kept in the cache. */
  public Path cachePath(String repoId, String filePath) {
    RepoId id = RepoId.parse(repoId);
    Path folder = cacheRoot.resolve(id.namespace()).resolve(id.name()).normalize();
    Path path = folder.resolve(filePath).normalize();
    if (!path.startsWith(folder) || path.equals(folder)) {
      throw new IllegalArgumentException("hub file path " + filePath + " of dataset " + repoId
          + " points outside its cache folder");
    }
    return path;
  }

  /**
   * Returns the local copy of {@code filePath} in dataset {@code repoId}, downloading it first
   * unless the cache has it.
   *
   * @throws IOException if the hub cannot be reached, does not list the file, or the download
   *     fails its size or checksum check; the message names the dataset and file
   */
  public Path download(String repoId, String filePath) throws IOException {
    Path target = cachePath(repoId, filePath);
    if (Files.isRegularFile(target)) {
      log.info("Using cached {} of {} at {}", filePath, repoId, target);
      return target;
    }
    HubFile file = listFiles(repoId).stream()
        .filter(entry -> entry.path().equals(filePath))
        .findFirst()
        .orElseThrow(() -> new IOException("dataset " + repoId + " on " + endpoint
            + " has no file " + filePath + "; pass datasetPath(...) to a local copy instead"));
    return fetch(repoId, file);
  }

  /** Returns the local copies of the listed files of {@code repoId} that match {@code filter}. */
  public List<Path> downloadAll(String repoId, Predicate<String> filter) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (HubFile file : listFiles(repoId)) {
      if (filter.test(file.path())) {
        Path target = cachePath(repoId, file.path());
        paths.add(Files.isRegularFile(target) ? target : fetch(repoId, file));
      }
    }
    return paths;
  }

  /** Lists the files (not folders) of {@code repoId} at revision {@code master}. */
  public List<HubFile> listFiles(String repoId) throws IOException {
    RepoId id = RepoId.parse(repoId);
    JsonNode info = getJson(endpoint + "/api/v1/datasets/" + id.namespace() + "/" + id.name(),
        repoId);
    String datasetId = info.path("Data").path("Id").asText();
    if (datasetId.isEmpty()) {
      throw new IOException("hub " + endpoint + " returned no id for dataset " + repoId);
    }
    List<HubFile> files = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      String url = endpoint + "/api/v1/datasets/" + datasetId + "/repo/tree?Revision=" + REVISION
          + "&Root=%2F&Recursive=True&PageNumber=" + page + "&PageSize=" + PAGE_SIZE;
      JsonNode entries = getJson(url, repoId).path("Data").path("Files");
      for (JsonNode entry : entries) {
        if (!"tree".equals(entry.path("Type").asText())) {
          files.add(new HubFile(entry.path("Path").asText(),
              entry.hasNonNull("Size") ? OptionalLong.of(entry.path("Size").asLong())
                  : OptionalLong.empty(),
              entry.path("Sha256").asText(null)));
        }
      }
      if (entries.size() < PAGE_SIZE) {
        return files;
      }
    }
    return files;
  }

  private JsonNode getJson(String url, String repoId) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json")
        .GET()
        .build();
    HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("hub request " + url + " for dataset " + repoId + " failed with HTTP "
          + response.statusCode() + ": " + abbreviate(response.body()));
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException("hub request " + url + " returned invalid JSON: "
          + abbreviate(response.body()), e);
    }
    int code = body.path("Code").asInt(200);
    if (code != 200 || body.path("Success").asBoolean(true) == false) {
      throw new IOException("hub request " + url + " for dataset " + repoId + " failed: "
          + body.path("Message").asText("code " + code));
    }
    return body;
  }

  private Path fetch(String repoId, HubFile file) throws IOException {
    Path target = cachePath(repoId, file.path());
    Path part = target.resolveSibling(target.getFileName() + ".part");
    Files.createDirectories(target.getParent());
    RepoId id = RepoId.parse(repoId);
    URI url = URI.create(endpoint + "/api/v1/datasets/" + id.namespace() + "/" + id.name()
        + "/repo?Source=SDK&Revision=" + REVISION + "&FilePath="
        + URLEncoder.encode(file.path(), StandardCharsets.UTF_8));
    log.info("Downloading {} of {} from {} to {}", file.path(), repoId, endpoint, target);
    IOException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        transfer(url, part, file);
        verify(part, file, repoId);
        move(part, target);
        log.info("Downloaded {} of {} ({} bytes)", file.path(), repoId, Files.size(target));
        return target;
      } catch (ChecksumMismatchException e) {
        Files.deleteIfExists(part);
        throw e;
      } catch (IOException e) {
        last = e;
        log.warn("Download of {} from {} failed (attempt {} of {}): {}", file.path(), repoId,
            attempt, MAX_ATTEMPTS, e.getMessage());
        pause();
      }
    }
    throw new IOException("download of " + file.path() + " from dataset " + repoId + " on "
        + endpoint + " failed after " + MAX_ATTEMPTS + " attempts; the partial file " + part
        + " is kept and the next run resumes it", last);
  }

  /** Appends the missing bytes to {@code part}, from its current size on. */
  private void transfer(URI url, Path part, HubFile file) throws IOException {
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    if (file.size().isPresent() && have == file.size().getAsLong()) {
      return;
    }
    if (file.size().isPresent() && have > file.size().getAsLong()) {
      Files.delete(part);
      have = 0;
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response =
        send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    try (InputStream body = response.body()) {
      if (status == 416 && file.size().isEmpty()) {
        return; // The partial file already contains every byte, so verify() checks the SHA-256.
      }
      if (status == 416) {
        Files.deleteIfExists(part);
        throw new IOException("hub rejected the resume range of " + part + "; restarting");
      }
      if (status != 200 && status != 206) {
        throw new IOException("hub returned HTTP " + status + " for " + url + ": "
            + abbreviate(new String(body.readNBytes(2000), StandardCharsets.UTF_8)));
      }
      boolean append = status == 206 && have > 0;
      if (status == 206 && !append) {
        throw new IOException("hub sent a partial response to a request without a range");
      }
      if (append) {
        checkContentRange(response, have);
      }
      copyWithWatchdog(body, part, append);
    }
  }

  private static void checkContentRange(HttpResponse<?> response, long have) throws IOException {
    String range = response.headers().firstValue("Content-Range").orElse("");
    if (!range.startsWith("bytes " + have + "-")) {
      throw new IOException("hub resumed at the wrong position: Content-Range '" + range
          + "' for a request from byte " + have);
    }
  }

  private void copyWithWatchdog(InputStream body, Path part, boolean append) throws IOException {
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    long stallNanos = stallTimeout.toNanos();
    ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastProgress.get() > stallNanos) {
        closeQuietly(body);
      }
    }, stallNanos / 4 + 1, stallNanos / 4 + 1, TimeUnit.NANOSECONDS);
    try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[64 * 1024];
      for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
        out.write(buffer, 0, read);
        lastProgress.set(System.nanoTime());
      }
    } finally {
      check.cancel(false);
    }
  }

  private static void verify(Path part, HubFile file, String repoId) throws IOException {
    long size = Files.size(part);
    if (file.size().isPresent() && size != file.size().getAsLong()) {
      throw new IOException("downloaded " + size + " of " + file.size().getAsLong()
          + " bytes of " + file.path() + " from dataset " + repoId);
    }
    if (file.sha256() != null && !file.sha256().isBlank()) {
      String actual = sha256(part);
      if (!actual.equalsIgnoreCase(file.sha256())) {
        throw new ChecksumMismatchException("downloaded " + file.path() + " from dataset "
            + repoId + " has SHA-256 " + actual + " but the hub lists " + file.sha256()
            + "; the download was deleted, run again to download it anew");
      }
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void move(Path part, Path target) throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return client.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while requesting " + request.uri(), e);
    }
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(retryDelay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry a download", e);
    }
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      log.debug("Closing a stalled download stream failed", e);
    }
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }

  private static URI stripTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    client.close();
  }

  /** A dataset id {@code namespace/name}. */
  private record RepoId(String namespace, String name) {
    static RepoId parse(String repoId) {
      int slash = repoId.indexOf('/');
      if (slash <= 0 || slash == repoId.length() - 1 || repoId.indexOf('/', slash + 1) >= 0) {
        throw new IllegalArgumentException("hub dataset id must be namespace/name but was "
            + repoId);
      }
      return new RepoId(repoId.substring(0, slash), repoId.substring(slash + 1));
    }
  }

  /** A download whose bytes differ from what the hub lists; retrying would not help. */
  private static final class ChecksumMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    ChecksumMismatchException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return "ModelScopeHub[" + endpoint + ", cache " + cacheRoot + "]";
  }
}
