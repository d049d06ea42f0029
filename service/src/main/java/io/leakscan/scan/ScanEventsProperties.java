package io.leakscan.scan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The Server-Sent Events stream of a scan polls its row, so it sees changes made by a worker on any node.
 *
 * @param pollInterval how often the row is read
 * @param keepAlive    a comment line this often, so idle proxies keep the stream and dead clients are noticed
 * @param maxStream    the longest a stream stays open; clients reconnect after it
 */
@ConfigurationProperties("leakscan.scan.events")
public record ScanEventsProperties(@DefaultValue("250ms") Duration pollInterval,
                                   @DefaultValue("15s") Duration keepAlive,
                                   @DefaultValue("2h") Duration maxStream) {
}
