package io.leakscan.scan;

/**
 * Where a scan's {@code callbackUrl} may point. The webhook module implements it with the same destination rule as
 * its subscriptions, so a callback to a private or metadata address is a 400 at submit, not a failed delivery later.
 */
public interface CallbackDestinations {

    /** @throws IllegalArgumentException with a sentence fit for a 400 when {@code url} may not receive callbacks */
    void check(String url);
}
