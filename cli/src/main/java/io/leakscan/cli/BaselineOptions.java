package io.leakscan.cli;

import io.leakscan.analysis.Finding;
import io.leakscan.baseline.Baseline;
import io.leakscan.baseline.BaselineEntry;
import io.leakscan.baseline.BaselineFormatException;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.baseline.IgnoreFile;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ScanReport;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --baseline previous.json} and {@code --ignore-file FILE} (default {@code .leakscanignore} in the working
 * directory, when it exists): the findings a team has accepted. Both are read before the scan starts, so a broken
 * file costs no scan: exit 2 with the file and line.
 */
final class BaselineOptions {

    static final String DEFAULT_IGNORE_FILE = ".leakscanignore";

    @Option(names = "--baseline", paramLabel = "REPORT.json",
            description = "a previous JSON report: its findings are reported as known and do not fail the build")
    Path baselineReport;

    @Option(names = "--ignore-file", paramLabel = "FILE",
            description = "accepted finding fingerprints, one a line: FINGERPRINT [expires:YYYY-MM-DD] REASON "
                    + "(default: ./" + DEFAULT_IGNORE_FILE + " when present)")
    Path ignoreFile;

    /** The baseline to compare with, or null when neither option is given and there is no .leakscanignore. */
    Baseline load(Path workingDirectory) {
        Baseline fromReport = baselineReport == null ? null : fromReport(baselineReport);
        Path ignore = ignoreFile;
        if (ignore == null && Files.isRegularFile(workingDirectory.resolve(DEFAULT_IGNORE_FILE))) {
            ignore = workingDirectory.resolve(DEFAULT_IGNORE_FILE);
        }
        Baseline fromIgnore = ignore == null ? null : fromIgnoreFile(ignore, ignoreFile == null
                ? DEFAULT_IGNORE_FILE : ignoreFile.toString());
        if (fromReport == null) {
            return fromIgnore;
        }
        return fromIgnore == null ? fromReport : fromIgnore.and(fromReport);
    }

    static Baseline fromIgnoreFile(Path file, String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw CliException.usage("cannot read --ignore-file " + name + ": not UTF-8 text");
        } catch (IOException e) {
            throw CliException.usage("cannot read --ignore-file " + name + ": " + Inputs.reason(e));
        }
        try {
            return IgnoreFile.parse(name, lines);
        } catch (BaselineFormatException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** Every finding of a previous JSON report, accepted as it stands. */
    static Baseline fromReport(Path file) {
        String name = file.toString();
        ScanReport previous;
        try (InputStream in = Files.newInputStream(file)) {
            previous = ReportJson.read(in);
        } catch (IOException e) {
            throw CliException.usage("cannot read --baseline " + name + ": " + Inputs.reason(e));
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
            Throwable cause = rootCause(e);
            String problem = cause instanceof IllegalArgumentException && cause != e ? cause.getMessage()
                    : e.getOriginalMessage();
            throw CliException.usage("--baseline " + name + where + ": not a Leakscan JSON report (" + firstLine(problem)
                    + ")");
        }
        if (previous == null) {
            throw CliException.usage("--baseline " + name + " line 1: not a Leakscan JSON report (empty)");
        }
        List<BaselineEntry> entries = new ArrayList<>();
        for (Finding f : previous.findings()) {
            String fp = FindingFingerprint.of(f);
            if (entries.stream().noneMatch(e -> e.fingerprint().equals(fp))) {
                entries.add(new BaselineEntry(fp, "in the baseline report (scan " + previous.scan().id() + ")", null,
                        name));
            }
        }
        return new Baseline(name, entries);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
