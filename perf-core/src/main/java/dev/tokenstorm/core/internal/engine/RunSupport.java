package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.internal.config.PerfConfig;
import dev.tokenstorm.core.internal.config.SweepPoint;
import dev.tokenstorm.core.internal.http.TransportSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the engine's classes. */
final class RunSupport {

  private RunSupport() {}

  /** Returns the transport settings of one run: headers merged, API key as a bearer token. */
  static TransportSettings transportSettings(PerfConfig config, SweepPoint point) {
    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    if (config.apiKey() != null) {
      headers.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization"));
      headers.put("Authorization", "Bearer " + config.apiKey().reveal());
    }
    int concurrency = point.capped() ? point.parallel()
        : (int) Math.min(10_000, Math.max(16, Math.ceil(point.rate() * 10)));
    return new TransportSettings(URI.create(config.url()), headers, config.connectTimeout(),
        config.readTimeout(), config.totalTimeout(), concurrency);
  }

  /** Returns {@code url} without its query string or fragment, which may carry secrets. */
  static String withoutQuery(String url) {
    int cut = url.length();
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    if (query >= 0) {
      cut = query;
    }
    if (fragment >= 0 && fragment < cut) {
      cut = fragment;
    }
    return url.substring(0, cut);
  }

  /** Returns {@code report} with {@code extra} appended to its warnings. */
  static RunReport withWarnings(RunReport report, List<String> extra) {
    List<String> warnings = new ArrayList<>(report.warnings());
    warnings.addAll(extra);
    return new RunReport(report.run(), report.cancelled(), report.duration(),
        report.totalRequests(), report.successRequests(), report.failedRequests(),
        report.streamRequests(), report.nonStreamRequests(), report.failuresByKind(),
        report.tokenSources(), report.summary(), report.distributions(), warnings);
  }
}
