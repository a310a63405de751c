package dev.tokenstorm.api.result;

/**
 * One point of a distribution.
 *
 * @param rank the percentile rank from 0 (minimum) to 100 (maximum)
 * @param label the label evalscope uses: {@code min}, {@code 1%}, ..., {@code 99.9%}, {@code max}
 * @param value the value, in the unit of the distribution's metric
 */
public record Percentile(double rank, String label, double value) {}
