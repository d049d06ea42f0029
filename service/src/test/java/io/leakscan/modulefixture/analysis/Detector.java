package io.leakscan.modulefixture.analysis;

import io.leakscan.modulefixture.probe.Round;

/** Breaks "analysis does not depend on probe". */
public class Detector {

    public int requests(Round round) {
        return round.requests();
    }
}
