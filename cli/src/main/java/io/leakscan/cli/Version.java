package io.leakscan.cli;

import io.leakscan.ToolVersion;
import picocli.CommandLine;

/** Leakscan's version for {@code --version} and the reports' toolVersion: the build's, via {@link ToolVersion}. */
final class Version implements CommandLine.IVersionProvider {

    static final String VALUE = ToolVersion.current();

    @Override
    public String[] getVersion() {
        return new String[] {"leakscan " + VALUE + " (commit " + ToolVersion.commit() + ", Java "
                + Runtime.version().feature() + ")"};
    }
}
