package dev.tokenstorm.core.internal.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples this process's CPU load during a run, so the report can warn when the client itself was
 * saturated and its timings include time spent waiting for a core.
 */
final class CpuMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CpuMonitor.class);

  private final Thread thread;
  private volatile boolean running = true;
  private double sum;
  private int samples;

  CpuMonitor() {
    this.thread = Thread.ofPlatform().daemon().name("tokenstorm-cpu-monitor").start(this::loop);
  }

  private void loop() {
    OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    if (!(bean instanceof com.sun.management.OperatingSystemMXBean os)) {
      log.debug("Process CPU load is not available on this JVM");
      return;
    }
    while (running) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      double load = os.getProcessCpuLoad();
      if (load >= 0) {
        synchronized (this) {
          sum += load;
          samples++;
        }
      }
    }
  }

  /** Returns the mean process CPU load over the samples taken, from 0 to 1 (all cores busy). */
  synchronized OptionalDouble meanLoad() {
    return samples == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / samples);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
