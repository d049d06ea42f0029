package io.leakscan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Leakscan's own version, from the build (reports, the CLI's --version, the API). Plain Java: the CLI uses it. */
public final class ToolVersion {

    private static final String CURRENT = load();

    private ToolVersion() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.isBlank() || v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Leakscan's version", e);
        }
    }
}
