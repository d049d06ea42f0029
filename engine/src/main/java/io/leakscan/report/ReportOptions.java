package io.leakscan.report;

import java.util.regex.Pattern;

/**
 * Knobs a caller may set when rendering; every renderer works with {@link #defaults()}.
 *
 * @param sourceRoot     absolute directory of the Go module root as compiled into the target binary
 *                       ({@code /src/app}); when null it is derived from the stacks (see {@link GoSourcePaths})
 * @param informationUri where Leakscan is documented, for SARIF's {@code tool.driver.informationUri}; null omits it
 * @param moduleDir      the Go module's folder inside the repository ({@code services/orders}), put before every
 *                       module-relative path so code scanning finds the file in a repository with more than one
 *                       module; null when the module is the repository's root
 */
public record ReportOptions(String sourceRoot, String informationUri, String moduleDir) {

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._~@+-]+");

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
        moduleDir = normalizeModuleDir(moduleDir);
    }

    public ReportOptions(String sourceRoot, String informationUri) {
        this(sourceRoot, informationUri, null);
    }

    public static ReportOptions defaults() {
        return new ReportOptions(null, null, null);
    }

    public ReportOptions withSourceRoot(String root) {
        return new ReportOptions(root, informationUri, moduleDir);
    }

    public ReportOptions withModuleDir(String dir) {
        return new ReportOptions(sourceRoot, informationUri, dir);
    }

    /**
     * {@code ./services/orders/} to {@code services/orders}; {@code .} or empty to null (the repository's root). A
     * path that leaves the repository or is absolute is refused: it would point code scanning outside it.
     */
    private static String normalizeModuleDir(String dir) {
        if (dir == null) {
            return null;
        }
        String d = dir.strip().replace('\\', '/');
        if (d.startsWith("/") || d.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("the module's folder must be relative to the repository's root, not "
                    + "absolute: " + dir);
        }
        StringBuilder out = new StringBuilder();
        for (String segment : d.split("/+")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new IllegalArgumentException("the module's folder must lie inside the repository (no '..'): "
                        + dir);
            }
            if (!SAFE_SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("the module's folder has a character a repository path should "
                        + "not ('" + segment + "'): " + dir);
            }
            out.append(out.isEmpty() ? "" : "/").append(segment);
        }
        return out.isEmpty() ? null : out.toString();
    }
}
