package io.leakscan.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param bootstrapApiKey the default tenant's key when the service starts on an empty database
 *                        ({@code LEAKSCAN_BOOTSTRAP_API_KEY}); when blank a random key is generated and logged once
 * @param adminApiKey     enables {@code /api/v1/admin/**} for whoever presents it; blank disables the admin API
 */
@ConfigurationProperties("leakscan")
public record TenantProperties(Bootstrap bootstrap, Admin admin) {

    public TenantProperties {
        bootstrap = bootstrap == null ? new Bootstrap(null) : bootstrap;
        admin = admin == null ? new Admin(null) : admin;
    }

    public record Bootstrap(String apiKey) {
    }

    public record Admin(String apiKey) {
    }
}
