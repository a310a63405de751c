package dev.tokenstorm.core.internal.config;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.result.ResultSinkProvider;
import dev.tokenstorm.api.tokenizer.TokenizerProvider;
import dev.tokenstorm.core.internal.dataset.LineByLineDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds plugins, datasets, tokenizer providers and sink providers by name through
 * {@link ServiceLoader}. Implementations on the class path win over perf-core's built-in ones of
 * the same name. Nothing is cached, so two runs in one JVM share no state.
 */
public final class Registry {

  private final ClassLoader loader;

  /** Creates a registry that searches {@code loader}. */
  public Registry(ClassLoader loader) {
    this.loader = loader;
  }

  /** Returns a registry that searches the thread's context class loader. */
  public static Registry current() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return new Registry(context != null ? context : Registry.class.getClassLoader());
  }

  /** Returns the API plugin named {@code name} (or with that alias), ignoring case. */
  public Optional<ApiPlugin> plugin(String name) {
    for (ApiPlugin plugin : ServiceLoader.load(ApiPlugin.class, loader)) {
      if (plugin.name().equalsIgnoreCase(name)
          || plugin.aliases().stream().anyMatch(alias -> alias.equalsIgnoreCase(name))) {
        return Optional.of(plugin);
      }
    }
    return Optional.empty();
  }

  /** Returns the names and aliases of all API plugins, sorted. */
  public List<String> pluginNames() {
    TreeSet<String> names = new TreeSet<>();
    for (ApiPlugin plugin : ServiceLoader.load(ApiPlugin.class, loader)) {
      names.add(plugin.name());
      names.addAll(plugin.aliases());
    }
    return List.copyOf(names);
  }

  /** Returns the dataset named {@code name}, ignoring case. */
  public Optional<Dataset> dataset(String name) {
    for (Dataset dataset : ServiceLoader.load(Dataset.class, loader)) {
      if (dataset.name().equalsIgnoreCase(name)) {
        return Optional.of(dataset);
      }
    }
    return builtInDatasets().stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
  }

  /** Returns the names of all datasets, sorted. */
  public List<String> datasetNames() {
    TreeSet<String> names = new TreeSet<>();
    ServiceLoader.load(Dataset.class, loader).forEach(d -> names.add(d.name()));
    builtInDatasets().forEach(d -> names.add(d.name()));
    return List.copyOf(names);
  }

  /** Returns the first tokenizer provider on the class path. */
  public Optional<TokenizerProvider> tokenizerProvider() {
    return ServiceLoader.load(TokenizerProvider.class, loader).findFirst();
  }

  /** Returns every result sink provider on the class path. */
  public List<ResultSinkProvider> sinkProviders() {
    List<ResultSinkProvider> providers = new ArrayList<>();
    ServiceLoader.load(ResultSinkProvider.class, loader).forEach(providers::add);
    return providers;
  }

  private static List<Dataset> builtInDatasets() {
    return List.of(new LineByLineDataset());
  }
}
