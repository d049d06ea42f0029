package io.leakscan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Leakscan's own version, from the build (reports, the CLI's --version, the API). Plain Java: the CLI uses it. */
public final class ToolVersion {

    private static final Properties BUILD = load();
    private static final String CURRENT = value("version", "dev");

    private ToolVersion() {
    }

    public static String current() {
        return CURRENT;
    }

    /** The git commit the build was made from (12 hex digits), or {@code unknown} outside a git checkout. */
    public static String commit() {
        return value("commit", "unknown");
    }

    private static String value(String key, String fallback) {
        String v = BUILD.getProperty(key, fallback);
        // unfiltered (an IDE build) or unresolved (no git): the fallback, not the placeholder
        return v.isBlank() || v.startsWith("${") || v.startsWith("@") ? fallback : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Leakscan's version", e);
        }
    }
}
