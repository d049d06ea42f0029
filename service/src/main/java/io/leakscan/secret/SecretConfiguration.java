package io.leakscan.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cipher from {@code leakscan.secrets}: a bad key, or no key where one is required, stops the start-up. */
@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretConfiguration.class);

    @Bean
    SecretCipher secretCipher(SecretProperties properties) {
        SecretKeyRing ring = SecretKeyRing.parse(properties.keys());
        if (ring.isEmpty()) {
            if (properties.requireKey()) {
                throw new SecretKeyException("leakscan.secrets.require-key is set but " + SecretKeyRing.SETTING
                        + " is empty: give one id:base64 key of 32 bytes (openssl rand -base64 32)");
            }
            log.warn("{} is not set: webhook signing secrets and scan target headers are stored in plain text",
                    SecretKeyRing.SETTING);
        } else {
            log.info("Stored secrets are sealed with key '{}' ({} key(s) configured)", ring.currentId(),
                    ring.keys().size());
        }
        return new SecretCipher(ring);
    }
}
