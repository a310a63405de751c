package dev.tokenstorm.examples.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.contract.ApiPluginContract;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example tgi_generate plugin, selected by name, against a small loopback server that answers
 * like Text Generation Inference's {@code /generate}; it also passes {@link ApiPluginContract}.
 */
@Timeout(30)
class TgiGeneratePluginTest extends ApiPluginContract {

  private final ObjectMapper mapper = new ObjectMapper();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/generate", exchange -> {
      JsonNode body = mapper.readTree(exchange.getRequestBody());
      received.add(body);
      int max = body.path("parameters").path("max_new_tokens").asInt(4);
      String answer = received.size() == 2
          ? "{\"error\":\"Input validation error: inputs too long\"}"
          : "{\"generated_text\":\"" + "word ".repeat(max).strip() + "\",\"details\":"
              + "{\"generated_tokens\":" + max + ",\"prefill\":[{},{},{}]}}";
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Override
  protected ApiPlugin plugin() {
    return new TgiGeneratePlugin();
  }

  @Override
  protected List<Query> supportedQueries() {
    return List.of(new PromptQuery("hello"));
  }

  @Override
  protected SampleResponse sampleResponse() {
    return SampleResponse.body(
        "{\"generated_text\":\"hi\",\"details\":{\"generated_tokens\":1,\"prefill\":[{}]}}");
  }

  @Test
  void pluginIsSelectedByNameAndMeasuresTheGenerateApi() {
    RecordingSink sink = new RecordingSink();
    RunReport report = PerfRun.builder()
        .url("http://127.0.0.1:" + server.getAddress().getPort() + "/generate")
        .model("tgi")
        .api("tgi_generate")
        .prompt("hello tgi")
        .maxTokens(5)
        .number(3)
        .testConnection(false)
        .noOutputFiles()
        .sink(sink)
        .build()
        .run()
        .single();

    assertThat(report.totalRequests()).isEqualTo(3);
    assertThat(report.successRequests()).isEqualTo(2);
    assertThat(report.failedRequests()).isEqualTo(1);
    assertThat(received).hasSize(3);
    assertThat(received.get(0).path("inputs").asText()).isEqualTo("hello tgi");
    assertThat(received.get(0).path("parameters").path("max_new_tokens").asInt()).isEqualTo(5);
    RequestRecord ok = sink.records().stream().filter(RequestRecord::success).findFirst()
        .orElseThrow();
    assertThat(ok.completionTokens()).hasValue(5);
    assertThat(ok.promptTokens()).hasValue(3);
    assertThat(sink.records().stream().filter(r -> !r.success()).findFirst().orElseThrow()
        .errorMessage()).contains("inputs too long");
  }
}
