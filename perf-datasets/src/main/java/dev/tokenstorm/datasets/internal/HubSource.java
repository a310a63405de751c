package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.datasets.internal.hub.ModelScopeHub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Finds the data of a dataset published on ModelScope: the local {@code datasetPath} when set,
 * else a download from {@code hubEndpoint} into {@code datasetCacheDir}.
 *
 * <p>There is no built-in hub address: downloads happen only from an endpoint the user set.
 *
 * @param dataset the dataset name, for messages
 * @param repoId the hub dataset, {@code namespace/name}
 * @param fileName the file to use from the hub, or to look for in a local folder
 */
record HubSource(String dataset, String repoId, String fileName) {

  /**
   * Returns the local file: {@code datasetPath} itself, the file of that name in the
   * {@code datasetPath} folder, or the hub file downloaded into the cache.
   *
   * @throws IllegalArgumentException if the path is missing or a folder lacks the file, or no
   *     source is configured
   * @throws IOException if the download fails
   */
  Path file(DatasetContext context) throws IOException {
    Path path = context.datasetPath();
    if (path != null) {
      return localFile(path);
    }
    try (ModelScopeHub hub = hub(context)) {
      return hub.download(repoId, fileName);
    }
  }

  /** Returns the hub files that match {@code filter}, downloaded into the cache. */
  List<Path> hubFiles(DatasetContext context, Predicate<String> filter) throws IOException {
    try (ModelScopeHub hub = hub(context)) {
      List<Path> files = hub.downloadAll(repoId, filter);
      if (files.isEmpty()) {
        throw new IOException("dataset " + repoId + " on " + context.hubEndpoint()
            + " has no " + fileName + " files; pass datasetPath(...) to a local copy instead");
      }
      return files;
    }
  }

  Path localFile(Path path) {
    if (Files.isRegularFile(path)) {
      return path;
    }
    if (Files.isDirectory(path)) {
      Path inside = path.resolve(fileName);
      if (Files.isRegularFile(inside)) {
        return inside;
      }
      throw new IllegalArgumentException("datasetPath " + path + " of dataset '" + dataset
          + "' is a folder without " + fileName + "; point datasetPath at the data file or at a"
          + " folder containing " + fileName);
    }
    throw missingPath(path);
  }

  IllegalArgumentException missingPath(Path path) {
    return new IllegalArgumentException("datasetPath " + path + " of dataset '" + dataset
        + "' does not exist; set it to an existing file or folder");
  }

  ModelScopeHub hub(DatasetContext context) {
    String source = context.dataSource() == null ? "modelscope"
        : context.dataSource().toLowerCase(Locale.ROOT);
    if (source.equals("local")) {
      throw new IllegalArgumentException("dataset '" + dataset + "' has dataSource local but no"
          + " datasetPath; set datasetPath(...) to a local copy of " + fileName + " from "
          + repoId);
    }
    if (!source.equals("modelscope")) {
      throw new IllegalArgumentException("dataSource '" + context.dataSource() + "' of dataset '"
          + dataset + "' is not supported; use modelscope (with hubEndpoint) or local (with"
          + " datasetPath)");
    }
    URI endpoint = context.hubEndpoint();
    if (endpoint == null) {
      throw new IllegalArgumentException("dataset '" + dataset + "' has neither datasetPath nor"
          + " hubEndpoint; set datasetPath(...) to a local copy of " + fileName + " from ModelScope"
          + " dataset " + repoId + ", or set hubEndpoint(...) to the ModelScope base URL to"
          + " download it into datasetCacheDir");
    }
    return new ModelScopeHub(endpoint, context.cacheDir());
  }
}
