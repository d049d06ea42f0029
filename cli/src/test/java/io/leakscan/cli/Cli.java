package io.leakscan.cli;

import io.leakscan.lab.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs the CLI in this JVM, as {@code ./leakscan} would, with stdout and stderr captured; no System.exit. */
final class Cli {

    record Result(int code, String out, String err) {
        /** Stderr's lines without the progress log lines ({@code leakscan [  1.2s] ...}). */
        String errors() {
            return err.lines().filter(l -> !l.startsWith("leakscan [")).reduce((a, b) -> a + "\n" + b).orElse("");
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runIn(Repo.root(), System.getenv(), args);
    }

    /** As {@link #run}, in {@code cwd} (where ./leakscan.yaml is looked for) with {@code env} as the environment. */
    static Result runIn(Path cwd, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine(Terminal.PIPE, Clock.systemUTC(), env, cwd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
