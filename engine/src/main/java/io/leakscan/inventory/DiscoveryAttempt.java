package io.leakscan.inventory;

/**
 * One place a description was looked for and what it answered.
 *
 * @param location the URL or file tried
 * @param status   the HTTP status, or 0 when there was no HTTP answer (file, connection failure)
 * @param outcome  what came of it: {@code "found"}, {@code "not found"}, {@code "not a description"}, or the error
 */
public record DiscoveryAttempt(String location, int status, String outcome) {

    @Override
    public String toString() {
        return location + " -> " + (status > 0 ? status + " " : "") + outcome;
    }
}
