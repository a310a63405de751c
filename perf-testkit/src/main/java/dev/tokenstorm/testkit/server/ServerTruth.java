package dev.tokenstorm.testkit.server;

import java.util.List;

/**
 * A snapshot of everything the server recorded since start or {@link SimulatedLlmServer#reset()}.
 *
 * @param requests recorded requests in arrival order; at most the builder's {@code
 *     maxRecordedRequests}
 * @param totalRequests requests received, including those not recorded
 * @param droppedRecords requests received but not recorded because the record limit was reached
 * @param inFlightRequests requests received whose response is not yet complete
 * @param maxConcurrentRequests the peak of {@code inFlightRequests}, waiting for capacity included
 * @param maxConcurrentGenerations the peak number of requests generating at once, after the
 *     capacity wait
 * @param connectionsAccepted TCP connections accepted since the server started; {@code reset()}
 *     does not clear it
 */
public record ServerTruth(
    List<RequestTruth> requests,
    long totalRequests,
    long droppedRecords,
    int inFlightRequests,
    int maxConcurrentRequests,
    int maxConcurrentGenerations,
    long connectionsAccepted) {

  /** Copies the list. */
  public ServerTruth {
    requests = List.copyOf(requests);
  }
}
