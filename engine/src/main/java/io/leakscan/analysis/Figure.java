package io.leakscan.analysis;

/**
 * One number of evidence with its unit, e.g. {@code goroutinesPerRequest = 1.0 goroutines/request}.
 *
 * @param name  stable camelCase name
 * @param value the value
 * @param unit  unit in words: {@code goroutines/request}, {@code bytes/request}, {@code s}, {@code rounds}
 */
public record Figure(String name, double value, String unit) {
}
