package io.leakscan.modulefixture.probe;

/** A probe type for {@code analysis.Detector} to depend on. */
public record Round(int requests) {
}
