package io.leakscan.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send to the REST API.
 *
 * @param maxBodySize      larger request bodies get 413, counted on the bytes actually read, not only Content-Length
 * @param maxNestingDepth  deeper JSON gets 400 before it can cost stack or memory
 */
@ConfigurationProperties("leakscan.api")
public record ApiProperties(@DefaultValue("256KB") DataSize maxBodySize,
                            @DefaultValue("64") int maxNestingDepth) {
}
