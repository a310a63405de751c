package dev.tokenstorm.examples.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import java.util.OptionalInt;

/**
 * An example plugin, {@code tgi_generate}, for the native {@code POST /generate} API of Hugging Face
 * Text Generation Inference, which is not OpenAI-shaped.
 *
 * <p>Request: {@code {"inputs": "<prompt>", "parameters": {"max_new_tokens": N, "details": true}}}.
 * Response: {@code {"generated_text": "...", "details": {"generated_tokens": N, "prefill": [...]}}};
 * the output text is one token event, {@code details.generated_tokens} the output token count and
 * the length of {@code details.prefill} the input token count. An {@code error} member fails the
 * request. Streaming ({@code /generate_stream}) is left out to keep the example short.
 *
 * <p>Registered in {@code META-INF/services/dev.tokenstorm.api.plugin.ApiPlugin}, so
 * {@code PerfRun.builder().api("tgi_generate")} selects it.
 */
public final class TgiGeneratePlugin implements ApiPlugin {

  private final ObjectMapper mapper = new ObjectMapper();

  /** Creates the plugin; {@link java.util.ServiceLoader} needs this public constructor. */
  public TgiGeneratePlugin() {}

  @Override
  public String name() {
    return "tgi_generate";
  }

  @Override
  public PluginRequest buildRequest(Query query, RequestContext context) {
    String prompt = switch (query) {
      case PromptQuery p -> p.prompt();
      case ChatQuery chat -> chat.messages().get(chat.messages().size() - 1).text();
      default -> throw new IllegalArgumentException(
          "the tgi_generate api sends text prompts only, not " + query.getClass().getSimpleName());
    };
    ObjectNode body = mapper.createObjectNode();
    body.put("inputs", prompt);
    ObjectNode parameters = body.putObject("parameters");
    context.sampleMaxTokens().ifPresent(max -> parameters.put("max_new_tokens", max));
    parameters.put("details", true);
    return PluginRequest.of(body.toString(), false);
  }

  @Override
  public ResponseDecoder newDecoder(PluginRequest request) {
    return new Decoder();
  }

  private final class Decoder implements ResponseDecoder {
    @Override
    public void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink) {
      sink.fail("tgi_generate expects a JSON body, not an event stream");
    }

    @Override
    public void onBody(String contentType, String body, long arrivalNanos, DecodeSink sink) {
      JsonNode root;
      try {
        root = mapper.readTree(body);
      } catch (JsonProcessingException e) {
        sink.fail("response is not JSON: " + e.getOriginalMessage());
        return;
      }
      if (root == null || !root.isObject()) {
        sink.fail("response is not a JSON object");
        return;
      }
      if (root.hasNonNull("error")) {
        sink.fail(root.get("error").asText());
        return;
      }
      JsonNode text = root.get("generated_text");
      if (text == null || !text.isTextual()) {
        sink.fail("response has no generated_text");
        return;
      }
      sink.token(TokenKind.CONTENT, text.textValue(), arrivalNanos);
      JsonNode details = root.path("details");
      OptionalInt output = details.path("generated_tokens").canConvertToInt()
          && details.has("generated_tokens")
          ? OptionalInt.of(details.get("generated_tokens").intValue()) : OptionalInt.empty();
      OptionalInt input = details.path("prefill").isArray()
          ? OptionalInt.of(details.get("prefill").size()) : OptionalInt.empty();
      sink.usage(new Usage(input, output, OptionalInt.empty(), OptionalInt.empty()));
    }
  }
}
