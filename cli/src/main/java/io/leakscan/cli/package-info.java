/**
 * The {@code leakscan} command line: checks what the user typed, runs a scan in this process or on a Leakscan
 * service, writes the reports and turns the verdict into an exit code, all without a Spring context.
 */
package io.leakscan.cli;
