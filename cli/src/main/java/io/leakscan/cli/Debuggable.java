package io.leakscan.cli;

/** A command with {@code --debug}: errors then show their stack trace. */
interface Debuggable {
    boolean debug();
}
