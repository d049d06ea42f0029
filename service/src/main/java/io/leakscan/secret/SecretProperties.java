package io.leakscan.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keys       {@code id:base64} pairs separated by commas ({@code LEAKSCAN_SECRETS_KEYS}), each a 256-bit AES
 *                   key; the first seals new secrets, the others only open what they sealed. Blank stores secrets in
 *                   plain text (self-hosted default), with a warning at start-up.
 * @param requireKey refuse to start without a key ({@code LEAKSCAN_SECRETS_REQUIRE_KEY=true} when hosted)
 */
@ConfigurationProperties("leakscan.secrets")
public record SecretProperties(String keys, boolean requireKey) {
}
