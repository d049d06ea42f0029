package io.leakscan.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON the REST API reads is stricter than the application's shared mapper: unknown fields are an error (a typo
 * in a limit must not silently fall back to a default) and nesting is capped so a hostile body cannot cost stack.
 * Only the server-side message converter gets this mapper; other modules keep Boot's lenient one.
 * (A WebMvcConfigurer so that web slice tests pick it up too.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class) // also in web slice tests, for the size filter
class ApiJsonConfiguration implements WebMvcConfigurer {

    @Bean
    @Order(100) // after Boot's own Jackson customizer (order 0), so this converter replaces its one
    ServerHttpMessageConvertersCustomizer strictApiJsonConverter(ApiProperties properties,
                                                                 ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(properties.maxNestingDepth())
                        .build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        JsonMapper mapper = builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // 1.5 for a whole-number field is an error, not 1
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        JacksonJsonHttpMessageConverter converter = new JacksonJsonHttpMessageConverter(mapper);
        return builder1 -> builder1.withJsonConverter(converter);
    }
}
