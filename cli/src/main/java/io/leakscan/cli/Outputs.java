package io.leakscan.cli;

import io.leakscan.report.ReportFormat;
import io.leakscan.report.ScanReport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each requested format goes: {@code --format F [--output FILE]} pairs, at most one of them on stdout. Checked
 * before the scan starts, so a typo in a path does not cost a whole scan.
 */
final class Outputs {

    /** One requested output; {@code format} null means the human summary, {@code file} null means stdout. */
    record Output(ReportFormat format, Path file) {
        String name() {
            return format == null ? "summary" : format.name().toLowerCase(Locale.ROOT);
        }
    }

    private final List<Output> outputs;

    private Outputs(List<Output> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    List<Output> all() {
        return outputs;
    }

    /** Formats requested from the server: every one but the summary (which the CLI renders from the JSON). */
    List<ReportFormat> reportFormats() {
        return outputs.stream().map(Output::format).filter(f -> f != null).distinct().toList();
    }

    /**
     * @param pairs          the {@code --format/--output} groups as given (an {@code --output} without
     *                       {@code --format} takes the format from its file name)
     * @param defaultSummary when nothing is asked for, print the summary on stdout
     */
    static Outputs of(List<FormatOutput> pairs, boolean defaultSummary) {
        List<Output> out = new ArrayList<>();
        for (FormatOutput p : pairs) {
            Path file = p.output == null ? null : Path.of(p.output);
            String format = p.format != null ? p.format : file == null ? "summary" : formatOf(file);
            out.add(new Output(parseFormat(format), file));
        }
        if (out.isEmpty() && defaultSummary) {
            out.add(new Output(null, null));
        }
        if (out.stream().filter(o -> o.file() == null).count() > 1) {
            throw CliException.usage("only one --format can go to stdout; give the others an --output FILE");
        }
        for (Output o : out) {
            if (o.file() != null) {
                checkWritable(o.file());
            }
        }
        return new Outputs(out);
    }

    private static String formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ReportFormat f : ReportFormat.values()) {
            if (n.endsWith("." + f.fileExtension())) {
                return f.name();
            }
        }
        if (n.endsWith(".xml")) {
            return "junit";
        }
        if (n.endsWith(".txt")) {
            return "summary";
        }
        throw CliException.usage("--output " + file + " needs a --format (cannot tell it from the file name)");
    }

    /** {@code summary} (null) or a report format; {@code md} and {@code xml} are accepted as aliases. */
    static ReportFormat parseFormat(String name) {
        if (name.strip().equalsIgnoreCase("summary")) {
            return null;
        }
        try {
            return ReportFormat.parse(name);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("unknown --format '" + name + "'; use summary, json, sarif, junit, html, "
                    + "markdown, github or codequality");
        }
    }

    private static void checkWritable(Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw CliException.usage("cannot write --output " + file + ": it is a directory");
        }
        if (Files.exists(abs)) {
            if (!Files.isWritable(abs)) {
                throw CliException.usage("cannot write --output " + file + ": permission denied");
            }
            return;
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.usage("cannot write --output " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw CliException.usage("cannot write --output " + file + ": directory " + dir + " is not writable");
        }
    }

    /** Writes every output: files as UTF-8, the stdout one to {@code out}. */
    void write(ScanReport report, Renderer renderer, PrintWriter out) {
        for (Output o : outputs) {
            String text = renderer.render(o, report);
            if (o.file() == null) {
                out.print(text);
                if (!text.endsWith("\n")) {
                    out.println();
                }
                out.flush();
                continue;
            }
            try (OutputStream s = Files.newOutputStream(o.file())) {
                s.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw CliException.usage("cannot write --output " + o.file() + ": " + Inputs.reason(e));
            }
        }
    }

    /** Renders one output: the server mode returns the server's bytes, local mode renders the report. */
    interface Renderer {
        String render(Output output, ScanReport report);
    }
}
