package io.leakscan.telemetry;

/** What a target can tell us, per the questions the detectors ask; each says why it matters when missing. */
public enum Capability {
    GOROUTINE_COUNT("without a goroutine count, goroutine leaks (the most common Go leak) cannot be measured"),
    GOROUTINE_STACKS("without goroutine stacks, a leak cannot be attributed to the handler or middleware that causes it"),
    GOROUTINE_LEAK_PROFILE("without /debug/pprof/goroutineleak (served by Go 1.27, or Go 1.26 built with "
            + "GOEXPERIMENT=goroutineleakprofile), leaks are inferred from growth, not proven by the GC"),
    HEAP_AFTER_GC("without a post-GC heap reading, heap growth is judged per GC cycle from the GC's own figures "
            + "(HeapAlloc and NumGC, or /gc/heap/live:bytes), which needs several GC cycles during the rounds; without "
            + "those either, it cannot be told apart from garbage not yet collected"),
    HEAP_WITHOUT_GC("without a cheap heap reading, heap trends can only be sampled at the slow post-GC cadence"),
    OPEN_FDS("without open file descriptors, unclosed connections and files go unnoticed"),
    RESIDENT_MEMORY("without resident memory, growth outside the Go heap (cgo, stacks, mmap) goes unnoticed"),
    RESTART_MARKER("without a restart marker, a crash or OOM kill mid-scan looks like memory being freed");

    private final String whyItMatters;

    Capability(String whyItMatters) {
        this.whyItMatters = whyItMatters;
    }

    public String whyItMatters() {
        return whyItMatters;
    }
}
