package io.leakscan.cli;

import picocli.CommandLine.Option;

/** One {@code --format F [--output FILE]} pair; repeat the pair for several reports from one scan. */
final class FormatOutput {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "summary, json, sarif, junit, html, markdown, github or codequality (repeatable, each with its own --output)")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write the preceding --format to FILE instead of stdout")
    String output;
}
