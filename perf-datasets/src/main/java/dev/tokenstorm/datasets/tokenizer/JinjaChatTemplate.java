package dev.tokenstorm.datasets.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import dev.tokenstorm.datasets.tokenizer.TemplateFunctions.TemplateRaisedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jinjava.javax.el.CompositeELResolver;

/**
 * A chat template from a tokenizer's {@code tokenizer_config.json} (or {@code chat_template.jinja}),
 * rendered with jinjava (HubSpot's Jinja engine for the JVM) set up to match Hugging Face's
 * {@code apply_chat_template}.
 *
 * <p>What matches Hugging Face: {@code trim_blocks} and {@code lstrip_blocks} semantics, the
 * {@code -}/{@code +} whitespace markers, Jinja2's precedence of {@code not}, the globals
 * {@code raise_exception} and {@code strftime_now}, the {@code tojson} filter with
 * {@code ensure_ascii=False}, the common Python {@code str} methods, and the variables
 * {@code messages}, {@code add_generation_prompt}, {@code bos_token}, {@code eos_token},
 * {@code unk_token}, {@code pad_token} and {@code additional_special_tokens}.
 *
 * <p>NOTE: known differences from Jinja2 that remain: booleans print as {@code true}/{@code false}
 * instead of {@code True}/{@code False}, {@code none} prints as an empty string instead of
 * {@code None}, the {@code %} string-formatting operator and string slicing are not supported,
 * and an unknown filter renders as an empty string where Jinja2 fails. Chat templates rarely print
 * booleans or use those features.
 *
 * <p>Threading: safe for concurrent use; each render uses its own interpreter.
 */
final class JinjaChatTemplate implements ChatTemplate {

  private final Jinjava jinjava;
  private final String preparedSource;
  private final Path sourceFile;
  private final Map<String, Object> specialTokens;

  /**
   * Compiles {@code source}.
   *
   * @param sourceFile the file the template was read from, named in error messages
   * @param specialTokens the special-token variables the template may read, such as
   *     {@code bos_token}
   * @throws IllegalArgumentException if a tag or comment is not closed
   */
  JinjaChatTemplate(String source, Path sourceFile, Map<String, Object> specialTokens) {
    this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
    this.specialTokens = Map.copyOf(specialTokens);
    try {
      this.preparedSource = JinjaSource.prepare(source);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "chat template in " + sourceFile + " is not valid Jinja: " + e.getMessage()
              + "; fix chat_template there or use a tokenizer with a valid one", e);
    }
    this.jinjava = newEngine();
  }

  private static Jinjava newEngine() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PythonStringMethods());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    LegacyOverrides jinja2Semantics = LegacyOverrides.newBuilder()
        .withEvaluateMapKeys(true)
        .withIterateOverMapKeys(true)
        .withUsePyishObjectMapper(true)
        .withUseNaturalOperatorPrecedence(true)
        .withParseWhitespaceControlStrictly(true)
        .withAllowAdjacentTextNodes(true)
        .withUseTrimmingForNotesAndExpressions(true)
        .withKeepNullableLoopValues(true)
        .build();
    // Whitespace rules are applied by JinjaSource, so jinjava's own trimming stays off.
    JinjavaConfig config = JinjavaConfig.newBuilder()
        .withTrimBlocks(false)
        .withLstripBlocks(false)
        .withLegacyOverrides(jinja2Semantics)
        .withElResolver(resolver)
        .withFailOnUnknownTokens(false)
        .build();
    Jinjava engine = new Jinjava(config);
    engine.registerFunction(new ELFunctionDefinition(
        "", "raise_exception", TemplateFunctions.class, "raiseException", String.class));
    engine.registerFunction(new ELFunctionDefinition(
        "", "strftime_now", TemplateFunctions.class, "strftimeNow", String.class));
    engine.registerFilter(new PythonJson());
    return engine;
  }

  @Override
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    Map<String, Object> bindings = new HashMap<>(specialTokens);
    bindings.put("messages", toTemplateMessages(messages));
    bindings.put("add_generation_prompt", addGenerationPrompt);
    RenderResult result = jinjava.renderForResult(preparedSource, bindings);
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw renderFailure(error);
      }
    }
    return result.getOutput();
  }

  private IllegalStateException renderFailure(TemplateError error) {
    String raised = raisedMessage(error);
    String detail = raised != null
        ? "the template raised an exception: " + raised
        : error.getMessage() + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "");
    return new IllegalStateException("chat template in " + sourceFile + " cannot be rendered: "
        + detail + "; check the messages the dataset sends or set applyChatTemplate(false)");
  }

  private static String raisedMessage(TemplateError error) {
    for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
      if (cause instanceof TemplateRaisedException raised) {
        return raised.getMessage();
      }
    }
    String field = error.getFieldName();
    if (field != null && field.startsWith("raise_exception(")) {
      return field.substring("raise_exception(".length(), field.length() - 1)
          .replaceAll("^['\"]|['\"]$", "");
    }
    return null;
  }

  /** Converts messages to the OpenAI-style maps chat templates read. */
  static List<Map<String, Object>> toTemplateMessages(List<ChatMessage> messages) {
    List<Map<String, Object>> converted = new ArrayList<>(messages.size());
    for (ChatMessage message : messages) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("role", message.role());
      map.put("content", message.isTextOnly() ? message.text() : contentParts(message));
      converted.add(map);
    }
    return converted;
  }

  private static List<Map<String, Object>> contentParts(ChatMessage message) {
    List<Map<String, Object>> parts = new ArrayList<>();
    for (ContentPart part : message.content()) {
      Map<String, Object> map = new LinkedHashMap<>();
      switch (part) {
        case ContentPart.Text text -> {
          map.put("type", "text");
          map.put("text", text.text());
        }
        case ContentPart.Image image -> {
          map.put("type", "image_url");
          map.put("image_url", Map.of("url", image.url()));
        }
      }
      parts.add(map);
    }
    return parts;
  }

  @Override
  public String toString() {
    return "JinjaChatTemplate[" + sourceFile + "]";
  }
}
