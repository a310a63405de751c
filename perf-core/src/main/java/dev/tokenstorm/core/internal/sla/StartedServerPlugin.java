package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.query.Query;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Passes every call to a {@code local} or {@code local_vllm} plugin whose server the tuner has
 * already started. The engine starts a local server for each sweep whose plugin is a
 * {@code LocalServerPlugin}; this wrapper is not one, so the one server runs for the whole tuning
 * instead of being restarted for every run.
 */
final class StartedServerPlugin implements ApiPlugin {

  private final ApiPlugin delegate;

  StartedServerPlugin(ApiPlugin delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Set<String> aliases() {
    return delegate.aliases();
  }

  @Override
  public ApiKind kind() {
    return delegate.kind();
  }

  @Override
  public String resolveUrl(String url, Consumer<String> warnings) {
    return delegate.resolveUrl(url, warnings);
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
