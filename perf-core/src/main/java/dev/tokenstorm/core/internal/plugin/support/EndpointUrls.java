package dev.tokenstorm.core.internal.plugin.support;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Appends an endpoint path to a user's URL when it lacks one. Stateless. */
public final class EndpointUrls {

  private EndpointUrls() {}

  /**
   * Returns {@code url} without trailing slashes and, unless its path already ends with one of
   * {@code accepted}, with {@code suffix} appended; each change is reported to {@code warnings}. A
   * query string is kept and placed after the new path.
   *
   * @param suffix the path to append, starting with {@code /}
   * @param accepted paths (each starting with {@code /}) that are kept as they are
   */
  public static String withSuffix(
      String url, String suffix, List<String> accepted, Consumer<String> warnings) {
    Objects.requireNonNull(url, "url");
    Parts parts = Parts.of(url);
    for (String path : accepted) {
      if (parts.path().endsWith(path)) {
        return parts.path() + parts.query();
      }
    }
    String resolved = parts.path() + suffix;
    warnings.accept(
        "url "
            + withoutCredentials(parts.path())
            + " does not end with "
            + String.join(" or ", accepted)
            + "; sending requests to "
            + withoutCredentials(resolved)
            + " instead. Give the full endpoint URL to use another path.");
    return resolved + parts.query();
  }

  /**
   * Returns {@code url} with a trailing {@code from} path replaced by {@code to}, reporting the
   * change, or null when the path does not end with {@code from}.
   */
  public static @Nullable String replaceSuffix(
      String url, String from, String to, Consumer<String> warnings) {
    Parts parts = Parts.of(url);
    if (!parts.path().endsWith(from)) {
      return null;
    }
    String resolved = parts.path().substring(0, parts.path().length() - from.length()) + to;
    warnings.accept(
        "url "
            + withoutCredentials(parts.path())
            + " is a "
            + from
            + " endpoint; sending requests to "
            + withoutCredentials(resolved)
            + " instead.");
    return resolved + parts.query();
  }

  /** Removes {@code user:password@} from a URL so warnings never show credentials. */
  public static String withoutCredentials(String url) {
    return url.replaceFirst("://[^/@]*@", "://");
  }

  private record Parts(String path, String query) {
    static Parts of(String url) {
      int queryStart = url.indexOf('?');
      String path = queryStart < 0 ? url : url.substring(0, queryStart);
      String query = queryStart < 0 ? "" : url.substring(queryStart);
      int end = path.length();
      while (end > 0 && path.charAt(end - 1) == '/') {
        end--;
      }
      return new Parts(path.substring(0, end), query);
    }
  }
}
