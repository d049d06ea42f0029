package io.leakscan.modulefixture.webhook;

import io.leakscan.modulefixture.scan.Job;

/** The other end of the {@code scan <-> webhook} module cycle. */
public class Hook {

    public Job job;
}
