package io.leakscan.system;

import io.leakscan.LeakscanApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented switch for JSON logs ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}) turns every console line of the
 * service into one JSON object, start-up included, which a log pipeline can parse without rules of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    @Test
    void theSwitchMakesEveryConsoleLineAnEcsJsonObject(CapturedOutput output) {
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(LeakscanApplication.class).run(
                "--logging.structured.format.console=ecs", "--server.port=0", "--spring.main.banner-mode=off",
                "--leakscan.worker.enabled=false", "--leakscan.webhooks.dispatcher-enabled=false",
                "--leakscan.embedded-postgres.data-directory=")) {
            List<String> lines = output.getOut().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            JsonMapper json = JsonMapper.builder().build();
            for (String line : lines) {
                JsonNode event = json.readTree(line);
                assertThat(event.has("@timestamp")).as(line).isTrue();
                assertThat(event.path("log").path("level").isString()).as(line).isTrue();
            }
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("Tomcat started on port"));
        }
    }
}
