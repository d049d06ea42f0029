package io.leakscan.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * What the CLI knows about where its output goes: a progress bar only on a terminal, colours only when wanted.
 *
 * @param interactive stderr and stdout are a terminal (the progress bar redraws one line)
 * @param colorAllowed colours are allowed at all (no {@code NO_COLOR} in the environment)
 */
record Terminal(boolean interactive, boolean colorAllowed) {

    /** Neither a terminal nor colour: tests and pipes. */
    static final Terminal PIPE = new Terminal(false, false);

    static Terminal detect(Map<String, String> env) {
        return new Terminal(isTerminal(System.console()), env.get("NO_COLOR") == null
                && !"dumb".equals(env.get("TERM")));
    }

    /**
     * Java 22+ returns a Console even when the streams are redirected and says whether it is a terminal with
     * {@code isTerminal()}; Java 21 returns null unless both stdin and stdout are a terminal.
     */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
