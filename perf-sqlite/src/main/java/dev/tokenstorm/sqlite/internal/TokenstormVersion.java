package dev.tokenstorm.sqlite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Reads the Tokenstorm version that the build wrote into {@code version.properties}. */
public final class TokenstormVersion {

  private static final String RESOURCE = "/dev/tokenstorm/sqlite/version.properties";

  private TokenstormVersion() {}

  /** Returns the version, such as {@code 0.1.0-SNAPSHOT}, or {@code unknown} if not filtered in. */
  public static String get() {
    try (InputStream in = TokenstormVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
