package io.leakscan.modulefixture.scan;

import io.leakscan.modulefixture.webhook.Hook;

/** One end of the {@code scan <-> webhook} module cycle. */
public class Job {

    public String id;
    public Hook hook;
}
