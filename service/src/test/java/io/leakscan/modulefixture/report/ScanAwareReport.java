package io.leakscan.modulefixture.report;

import io.leakscan.modulefixture.scan.Job;

/** Breaks "the engine does not know its adapters": a report that reads the service's scan. */
public class ScanAwareReport {

    public String title(Job job) {
        return "Scan " + job.id;
    }
}
