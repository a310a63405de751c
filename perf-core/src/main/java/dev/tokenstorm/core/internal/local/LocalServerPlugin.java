package dev.tokenstorm.core.internal.local;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.core.internal.plugin.openai.OpenAiPlugin;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code local} and {@code local_vllm} apis: the {@code openai} plugin, sending to the local
 * server that the run starts from {@link #spec()}. The user's {@code url} is replaced by
 * {@code http://127.0.0.1:<port>/v1/chat/completions}.
 *
 * <p>Threading: as the {@code openai} plugin.
 */
public final class LocalServerPlugin implements ApiPlugin {

  private final OpenAiPlugin delegate = new OpenAiPlugin();
  private final LocalServerSpec spec;

  /** Creates the plugin for {@code spec}. */
  public LocalServerPlugin(LocalServerSpec spec) {
    this.spec = spec;
  }

  /** Returns how the server is started. */
  public LocalServerSpec spec() {
    return spec;
  }

  @Override
  public String name() {
    return spec.api();
  }

  @Override
  public ApiKind kind() {
    return ApiKind.GENERATION;
  }

  /** Returns {@code http://127.0.0.1:<port>/v1/chat/completions}, whatever {@code url} is. */
  @Override
  public String resolveUrl(String url, Consumer<String> warnings) {
    return spec.baseUrl() + "/chat/completions";
  }

  @Override
  public PluginRequest buildRequest(Query query, RequestContext context) {
    return delegate.buildRequest(query, context);
  }

  @Override
  public ResponseDecoder newDecoder(PluginRequest request) {
    return delegate.newDecoder(request);
  }

  @Override
  public Optional<Query> connectionTestQuery(boolean chat) {
    return delegate.connectionTestQuery(chat);
  }
}
