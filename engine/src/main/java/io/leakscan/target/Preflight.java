package io.leakscan.target;

/**
 * The first phase of every scan: is the target allowed, does it answer, is it Echo? Implementations resolve the host
 * and refuse link-local and cloud-metadata addresses whatever the configuration says.
 */
public interface Preflight {

    PreflightResult check(TargetSpec target);
}
