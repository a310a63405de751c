package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.EventKind;

/**
 * One event of a generation schedule.
 *
 * @param offsetNanos when to write it, in nanoseconds after generation starts
 * @param kind what it carries
 * @param tokens output tokens it carries
 * @param firstToken index of its first token within its kind (reasoning or content), from 0
 */
public record PlannedEvent(long offsetNanos, EventKind kind, int tokens, int firstToken) {}
