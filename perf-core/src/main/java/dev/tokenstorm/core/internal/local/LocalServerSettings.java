package dev.tokenstorm.core.internal.local;

import dev.tokenstorm.core.PerfDefaults;
import dev.tokenstorm.core.internal.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Turns the builder's local-server settings into a {@link LocalServerPlugin}. Stateless. */
public final class LocalServerSettings {

  private LocalServerSettings() {}

  /**
   * Returns the plugin for {@code settings.apiName} ({@code local} or {@code local_vllm}), adding a
   * message to {@code problems} for each invalid setting.
   */
  public static LocalServerPlugin plugin(Settings settings, List<String> problems) {
    String api = settings.apiName == null ? "local" : settings.apiName.toLowerCase(Locale.ROOT);
    String model = settings.model == null ? "" : settings.model;
    int port = settings.port != null ? settings.port : PerfDefaults.PORT;
    Duration timeout = settings.localServerStartupTimeout != null
        ? settings.localServerStartupTimeout : LocalServerSpec.DEFAULT_STARTUP_TIMEOUT;
    if (timeout.isZero() || timeout.isNegative()) {
      problems.add("localServerStartupTimeout must be positive but was " + timeout);
      timeout = LocalServerSpec.DEFAULT_STARTUP_TIMEOUT;
    }
    List<String> command;
    if (settings.localServerCommand != null) {
      if (settings.localServerCommand.isEmpty() || settings.localServerCommand.get(0).isBlank()) {
        problems.add("localServerCommand must name a program as its first element but was "
            + settings.localServerCommand);
      }
      command = LocalServerSpec.substitute(settings.localServerCommand, model, port,
          settings.attnImplementation);
    } else {
      command = LocalServerSpec.defaultCommand(api, model, port, settings.attnImplementation);
    }
    return new LocalServerPlugin(new LocalServerSpec(api, command, port, timeout));
  }
}
