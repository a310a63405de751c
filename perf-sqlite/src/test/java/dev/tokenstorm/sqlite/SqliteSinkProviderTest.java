package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.ResultSinkProvider;
import dev.tokenstorm.api.result.SinkSettings;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SqliteSinkProviderTest {

  @Test
  void serviceLoaderFindsEnabledProvider() throws Exception {
    List<ResultSinkProvider> providers = ServiceLoader.load(ResultSinkProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(provider -> provider.name().equals("sqlite"))
        .toList();

    assertThat(providers).hasSize(1);
    assertThat(providers.get(0)).isInstanceOf(SqliteSinkProvider.class);
    assertThat(providers.get(0).enabledByDefault()).isTrue();
    try (ResultSink sink = providers.get(0).create(new SinkSettings(250, 1024))) {
      assertThat(sink).isInstanceOf(SqliteResultSink.class);
      assertThat(sink.name()).isEqualTo("sqlite");
    }
  }
}
