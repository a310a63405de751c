/**
 * A simulated OpenAI-compatible server for tests, demos and benchmarks.
 *
 * <p>{@link dev.tokenstorm.testkit.server.SimulatedLlmServer} listens on 127.0.0.1, serves
 * {@code /v1/chat/completions}, {@code /v1/completions} and {@code /v1/models} with scripted timing,
 * injects faults ({@link dev.tokenstorm.testkit.server.Fault}), plays exact byte sequences ({@link
 * dev.tokenstorm.testkit.server.RawScript}) and records what it sent and when ({@link
 * dev.tokenstorm.testkit.server.RequestTruth}).
 *
 * <p>Everything in this package is non-null unless annotated {@link
 * org.jspecify.annotations.Nullable}. Times are {@link System#nanoTime()} values of the JVM that
 * runs the server, so they compare directly with client timestamps taken in the same JVM.
 */
@NullMarked
package dev.tokenstorm.testkit.server;

import org.jspecify.annotations.NullMarked;
