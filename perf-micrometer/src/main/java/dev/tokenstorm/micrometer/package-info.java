/**
 * Micrometer meters for a running benchmark: register {@link
 * dev.tokenstorm.micrometer.TokenstormMeterBinder} with a registry and as the run's progress
 * listener, and Prometheus, Datadog or any other Micrometer backend can follow the run live.
 */
@NullMarked
package dev.tokenstorm.micrometer;

import org.jspecify.annotations.NullMarked;
