package io.leakscan.webhook;

import io.leakscan.scan.CallbackDestinations;
import io.leakscan.secret.SealedColumn;
import io.leakscan.target.HostResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    DestinationGuard webhookDestinationGuard(WebhookProperties properties, ObjectProvider<WebhookDns> dns) {
        HostResolver resolver = dns.getIfAvailable(() -> HostResolver.SYSTEM::resolve);
        return new DestinationGuard(properties.allowPrivateDestinations(), resolver);
    }

    /** A scan's own callbackUrl follows the subscriptions' rule, checked when the scan is submitted. */
    @Bean
    CallbackDestinations callbackDestinations(DestinationGuard guard) {
        return guard::validate;
    }

    @Bean(destroyMethod = "close")
    WebhookSender webhookSender(DestinationGuard guard, WebhookProperties properties) {
        return new WebhookSender(guard, properties.timeout());
    }

    /** The signing secrets at rest, sealed when a key is configured; the re-seal job migrates them on rotation. */
    @Bean
    SealedColumn subscriptionSecret() {
        return new SealedColumn("webhook_subscriptions", "id", "secret");
    }

    @Bean
    SealedColumn subscriptionPreviousSecret() {
        return new SealedColumn("webhook_subscriptions", "id", "previous_secret");
    }

    @Bean
    SealedColumn callbackSecret() {
        return new SealedColumn("webhook_callback_secrets", "tenant_id", "secret");
    }

    @Bean
    SealedColumn callbackPreviousSecret() {
        return new SealedColumn("webhook_callback_secrets", "tenant_id", "previous_secret");
    }

    @Bean
    Backoff webhookBackoff(WebhookProperties properties) {
        return new Backoff(properties.retry(), new SecureRandom());
    }
}
