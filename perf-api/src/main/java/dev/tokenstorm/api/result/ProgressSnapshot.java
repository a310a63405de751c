package dev.tokenstorm.api.result;

/**
 * Running counts of a run.
 *
 * @param planned measured requests the run will send at most (its {@code number})
 * @param completed measured requests completed so far
 * @param succeeded completed requests that succeeded
 * @param failed completed requests that failed
 * @param inFlight requests sent and not yet completed
 */
public record ProgressSnapshot(long planned, long completed, long succeeded, long failed, long inFlight) {}
