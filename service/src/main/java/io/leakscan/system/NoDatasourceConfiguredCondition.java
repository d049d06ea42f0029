package io.leakscan.system;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when neither {@code spring.datasource.url} nor a {@link JdbcConnectionDetails} bean (Testcontainers'
 * {@code @ServiceConnection}) says where the database is.
 */
class NoDatasourceConfiguredCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"))) {
            return false;
        }
        var beanFactory = context.getBeanFactory();
        return beanFactory == null || beanFactory.getBeanNamesForType(JdbcConnectionDetails.class, true, false).length == 0;
    }
}
