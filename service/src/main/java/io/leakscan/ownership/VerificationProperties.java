package io.leakscan.ownership;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Target ownership verification.
 *
 * @param mode            {@code off} (self-hosted: the allow-list alone decides) or {@code required} (hosted: a scan's
 *                        hosts must be verified targets of its tenant)
 * @param validFor        how long a successful check counts
 * @param recheckAfter    a verified target is checked again once its last check is this old
 * @param recheckInterval how often the re-check looks for due targets
 * @param dnsServers      DNS servers for TXT lookups ({@code host} or {@code host:port}); empty: the system's
 * @param timeout         limit of one HTTP or DNS check
 */
@ConfigurationProperties("leakscan.target.verification")
public record VerificationProperties(@DefaultValue("off") Mode mode,
                                     @DefaultValue("7d") Duration validFor,
                                     @DefaultValue("1d") Duration recheckAfter,
                                     @DefaultValue("1h") Duration recheckInterval,
                                     @DefaultValue List<String> dnsServers,
                                     @DefaultValue("10s") Duration timeout) {

    public enum Mode { OFF, REQUIRED }

    public VerificationProperties {
        if (!validFor.isPositive() || !recheckAfter.isPositive() || !recheckInterval.isPositive()
                || !timeout.isPositive()) {
            throw new IllegalArgumentException("leakscan.target.verification: valid-for, recheck-after, "
                    + "recheck-interval and timeout must be positive");
        }
        if (recheckAfter.compareTo(validFor) >= 0) {
            throw new IllegalArgumentException("leakscan.target.verification: recheck-after (" + recheckAfter
                    + ") must be shorter than valid-for (" + validFor + "), or verified targets expire between checks");
        }
    }

    public boolean required() {
        return mode == Mode.REQUIRED;
    }
}
