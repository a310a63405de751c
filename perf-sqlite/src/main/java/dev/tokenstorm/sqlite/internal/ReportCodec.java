package dev.tokenstorm.sqlite.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.result.TokenSource;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link RunReport} (without its {@link RunInfo}, which the {@code run} table holds) and a
 * run's configuration as JSON, and reads them back.
 *
 * <p>Report JSON uses the names of the record components, such as {@code totalRequests} and
 * {@code summary.avgTtftMillis}; an absent value is {@code null}. Thread-safe.
 */
public final class ReportCodec {

  /** What a masked secret is replaced with. */
  public static final String MASK = "***";

  // Keys whose string values are secrets. RunInfo.config is masked by the engine already; this is a
  // second line of defence for configs built elsewhere. Names with "token" are left alone on
  // purpose: max_tokens and stop_token_ids are not secrets.
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(api[_-]?key|secret|password|passwd|authorization|access[_-]?token|auth[_-]?token"
          + "|bearer|cookie).*");

  private final ObjectMapper mapper = new ObjectMapper();

  /** Encodes the configuration: secrets masked, values that are not JSON types as strings. */
  public String encodeConfig(Map<String, @Nullable Object> config) {
    try {
      return mapper.writeValueAsString(toJsonValue(config, false));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the run configuration as JSON", e);
    }
  }

  /** Decodes a configuration written by {@link #encodeConfig}. */
  public Map<String, @Nullable Object> decodeConfig(String json) throws JsonProcessingException {
    return mapper.readValue(json, new TypeReference<LinkedHashMap<String, @Nullable Object>>() {});
  }

  /** Encodes everything in {@code report} except {@link RunReport#run()}. */
  public String encodeReport(RunReport report) {
    ObjectNode root = mapper.createObjectNode();
    root.put("cancelled", report.cancelled());
    root.put("durationNanos", report.duration().toNanos());
    root.put("totalRequests", report.totalRequests());
    root.put("successRequests", report.successRequests());
    root.put("failedRequests", report.failedRequests());
    root.put("streamRequests", report.streamRequests());
    root.put("nonStreamRequests", report.nonStreamRequests());
    ObjectNode failures = root.putObject("failuresByKind");
    new EnumMap<>(nonEmpty(report.failuresByKind(), ErrorKind.class))
        .forEach((kind, count) -> failures.put(kind.name(), count));
    ObjectNode sources = root.putObject("tokenSources");
    new EnumMap<>(nonEmpty(report.tokenSources(), TokenSource.class))
        .forEach((source, count) -> sources.put(source.name(), count));
    root.set("summary", encodeSummary(report.summary()));
    ObjectNode distributions = root.putObject("distributions");
    report.distributions().forEach((metric, distribution) ->
        distributions.set(metric.name(), encodeDistribution(distribution)));
    ArrayNode warnings = root.putArray("warnings");
    report.warnings().forEach(warnings::add);
    return root.toString();
  }

  /** Decodes a report written by {@link #encodeReport} and attaches {@code run}. */
  public RunReport decodeReport(String json, RunInfo run) throws JsonProcessingException {
    JsonNode root = mapper.readTree(json);
    Map<ErrorKind, Long> failures = new EnumMap<>(ErrorKind.class);
    root.path("failuresByKind").properties().forEach(entry ->
        failures.put(ErrorKind.valueOf(entry.getKey()), entry.getValue().asLong()));
    Map<TokenSource, Long> sources = new EnumMap<>(TokenSource.class);
    root.path("tokenSources").properties().forEach(entry ->
        sources.put(TokenSource.valueOf(entry.getKey()), entry.getValue().asLong()));
    Map<Metric, Distribution> distributions = new EnumMap<>(Metric.class);
    root.path("distributions").properties().forEach(entry -> {
      Metric metric = Metric.valueOf(entry.getKey());
      distributions.put(metric, decodeDistribution(metric, entry.getValue()));
    });
    List<String> warnings = new ArrayList<>();
    root.path("warnings").forEach(node -> warnings.add(node.asText()));
    return new RunReport(
        run,
        root.path("cancelled").asBoolean(),
        Duration.ofNanos(root.path("durationNanos").asLong()),
        root.path("totalRequests").asLong(),
        root.path("successRequests").asLong(),
        root.path("failedRequests").asLong(),
        root.path("streamRequests").asLong(),
        root.path("nonStreamRequests").asLong(),
        failures,
        sources,
        decodeSummary(root.path("summary")),
        distributions,
        warnings);
  }

  // RunSummary is read and written through its record components, so a field added to it later is
  // stored without a change here.
  private ObjectNode encodeSummary(RunSummary summary) {
    ObjectNode node = mapper.createObjectNode();
    for (RecordComponent component : RunSummary.class.getRecordComponents()) {
      OptionalDouble value = (OptionalDouble) invoke(component, summary);
      putOptional(node, component.getName(), value);
    }
    return node;
  }

  private static RunSummary decodeSummary(JsonNode node) {
    RecordComponent[] components = RunSummary.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = optional(node.get(components[i].getName()));
      types[i] = components[i].getType();
    }
    try {
      Constructor<RunSummary> constructor = RunSummary.class.getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create RunSummary from stored JSON", e);
    }
  }

  private ObjectNode encodeDistribution(Distribution distribution) {
    ObjectNode node = mapper.createObjectNode();
    node.put("count", distribution.count());
    putOptional(node, "mean", distribution.mean());
    ArrayNode points = node.putArray("percentiles");
    for (Percentile percentile : distribution.percentiles()) {
      points.addObject()
          .put("rank", percentile.rank())
          .put("label", percentile.label())
          .put("value", percentile.value());
    }
    return node;
  }

  private static Distribution decodeDistribution(Metric metric, JsonNode node) {
    List<Percentile> percentiles = new ArrayList<>();
    for (JsonNode point : node.path("percentiles")) {
      percentiles.add(new Percentile(point.path("rank").asDouble(),
          point.path("label").asText(), point.path("value").asDouble()));
    }
    return new Distribution(metric, node.path("count").asLong(), optional(node.get("mean")),
        percentiles);
  }

  private static void putOptional(ObjectNode node, String name, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(name, value.getAsDouble());
    } else {
      node.putNull(name);
    }
  }

  private static OptionalDouble optional(@Nullable JsonNode node) {
    return node == null || node.isNull() ? OptionalDouble.empty() : OptionalDouble.of(node.asDouble());
  }

  private static Object invoke(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }

  private static <K extends Enum<K>> Map<K, Long> nonEmpty(Map<K, Long> map, Class<K> type) {
    return map.isEmpty() ? new EnumMap<>(type) : map;
  }

  private static @Nullable Object toJsonValue(@Nullable Object value, boolean secret) {
    if (value == null) {
      return null;
    }
    if (secret && value instanceof String text) {
      return text.isEmpty() || text.contains("*") ? text : MASK;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> copy = new LinkedHashMap<>();
      map.forEach((key, entry) -> {
        String name = String.valueOf(key);
        copy.put(name, toJsonValue(entry, secret || SECRET_KEY.matcher(name).matches()));
      });
      return copy;
    }
    if (value instanceof Iterable<?> items) {
      List<@Nullable Object> copy = new ArrayList<>();
      Iterator<?> iterator = items.iterator();
      while (iterator.hasNext()) {
        copy.add(toJsonValue(iterator.next(), secret));
      }
      return copy;
    }
    if (value.getClass().isArray()) {
      List<@Nullable Object> copy = new ArrayList<>();
      int length = java.lang.reflect.Array.getLength(value);
      for (int i = 0; i < length; i++) {
        copy.add(toJsonValue(java.lang.reflect.Array.get(value, i), secret));
      }
      return copy;
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    String text = value.toString();
    return secret && !text.isEmpty() && !text.contains("*") ? MASK : text;
  }
}
