package io.leakscan.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Leakscan's version, from a resource Maven filters at build time. */
final class Version implements CommandLine.IVersionProvider {

    static final String VALUE = load();

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            // Unfiltered (an IDE build that skipped Maven's resource filtering): say so rather than print a token.
            return v.startsWith("@") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"leakscan " + VALUE + " (Java " + Runtime.version().feature() + ")"};
    }
}
