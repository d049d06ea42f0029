package io.leakscan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * The {@code leakscan} command line. Starts no Spring context and needs no database: a local scan builds the engine
 * with {@code new} and its first probe leaves within a few seconds of start. {@code ./leakscan} runs this class out of
 * the Boot jar.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(false);
        int code = commandLine(Terminal.detect(System.getenv()), Clock.systemUTC()).execute(args);
        System.exit(code);
    }

    /** The whole command tree; tests call {@code execute} on it with their own out and err. */
    static CommandLine commandLine(Terminal terminal, Clock clock) {
        return commandLine(terminal, clock, System.getenv(), Path.of("").toAbsolutePath());
    }

    /** With the environment ({@code ${VAR}} in the config file) and the directory {@code ./leakscan.yaml} is in. */
    static CommandLine commandLine(Terminal terminal, Clock clock, Map<String, String> env, Path cwd) {
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand(new CommandLine(new ScanCommand(terminal, clock, env, cwd)));
        cl.addSubcommand(new CommandLine(new ResultsCommand(terminal)));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::badUsage);
        cl.setExecutionExceptionHandler(Main::failed);
        return cl;
    }

    /** Unknown option, missing URL, a value that does not convert: one line and exit 2. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = e.getMessage() == null ? "invalid command line" : e.getMessage().strip();
        err.println("leakscan: " + message.replaceAll("\\s*\\R\\s*", " ") + " (see '" + name + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** A {@link CliException} is one line; anything else is a bug, shown as one line unless --debug. */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = cmd.getCommand() instanceof Debuggable d && d.debug();
        int code;
        String message;
        if (e instanceof CliException c) {
            code = c.exitCode();
            message = c.getMessage();
        } else {
            code = ExitCodes.INCOMPLETE;
            message = "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " "))
                    + (debug ? "" : " (run with --debug for the stack trace)");
        }
        err.println("leakscan: " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * Silent unless {@code --debug}, and never on stdout (which carries reports): logback's default would print DEBUG
     * to stdout. Configured in code rather than XML because parsing logback's XML costs a cold JVM a second or more
     * before the first probe.
     */
    static void configureLogging(boolean debug) {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
            return;
        }
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        if (!debug) {
            root.setLevel(ch.qos.logback.classic.Level.OFF);
            return;
        }
        var encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        encoder.start();
        var stderr = new ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        stderr.setContext(ctx);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        root.addAppender(stderr);
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        ctx.getLogger("io.leakscan").setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @Command(name = "leakscan", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Finds memory and goroutine leaks in running Go Echo services, from the outside.",
            footer = {"", "Examples:",
                    "  leakscan scan http://127.0.0.1:8080 --echo-specific --profile quick --endpoint \"GET /users/42\"",
                    "  leakscan scan https://staging.example --format sarif --output leakscan.sarif",
                    "  leakscan results 3f2c... --server https://leakscan.example --format html --output r.html",
                    "", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or "
                    + "configuration error, 3 the scan could not complete."})
    static final class Root implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return ExitCodes.USAGE;
        }
    }
}
