package io.leakscan.webhook;

import io.leakscan.target.HostResolver;

/**
 * How webhook destinations are resolved. The system resolver unless a bean of this type exists: tests use one to
 * make a name answer a public address at subscription time and a private one at delivery time (DNS rebinding).
 */
@FunctionalInterface
interface WebhookDns extends HostResolver {
}
