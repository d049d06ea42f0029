package io.leakscan.report;

/**
 * Knobs a caller may set when rendering; every renderer works with {@link #defaults()}.
 *
 * @param sourceRoot     absolute directory of the Go module root as compiled into the target binary
 *                       ({@code /src/app}); when null it is derived from the stacks (see {@link GoSourcePaths})
 * @param informationUri where Leakscan is documented, for SARIF's {@code tool.driver.informationUri}; null omits it
 */
public record ReportOptions(String sourceRoot, String informationUri) {

    public ReportOptions {
        if (sourceRoot != null) {
            sourceRoot = sourceRoot.replace('\\', '/');
            while (sourceRoot.length() > 1 && sourceRoot.endsWith("/")) {
                sourceRoot = sourceRoot.substring(0, sourceRoot.length() - 1);
            }
            if (sourceRoot.isBlank()) {
                throw new IllegalArgumentException("sourceRoot is blank");
            }
        }
        if (informationUri != null && !informationUri.matches("https?://\\S+")) {
            throw new IllegalArgumentException("informationUri must be an absolute http(s) URL: " + informationUri);
        }
    }

    public static ReportOptions defaults() {
        return new ReportOptions(null, null);
    }

    public ReportOptions withSourceRoot(String root) {
        return new ReportOptions(root, informationUri);
    }
}
