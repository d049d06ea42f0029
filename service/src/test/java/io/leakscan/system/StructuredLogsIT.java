package io.leakscan.system;

import io.leakscan.LeakscanApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented switch for JSON logs ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}) turns every console line of the
 * service into one JSON object, start-up included, which a log pipeline can parse without rules of its own. The
 * service runs in a JVM of its own: logging is set up once per JVM, so in the tests' shared JVM it would keep the
 * format the first context chose.
 */
class StructuredLogsIT {

    @Test
    void theSwitchMakesEveryConsoleLineAnEcsJsonObject() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process service = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LeakscanApplication.class.getName(),
                "--logging.structured.format.console=ecs", "--server.port=0", "--spring.main.banner-mode=off",
                "--leakscan.worker.enabled=false", "--leakscan.webhooks.dispatcher-enabled=false",
                "--leakscan.schedules.enabled=false", "--leakscan.embedded-postgres.data-directory="))
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try {
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.isBlank() || line.startsWith("WARNING:")) {
                            continue; // the JVM's own warnings (sun.misc.Unsafe) are not the service's logs
                        }
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (line.contains("Started LeakscanApplication")) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            started.get(120, TimeUnit.SECONDS);
        } finally {
            service.destroy(); // by its own handle: SIGTERM, so it stops its embedded PostgreSQL
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        List<String> seen;
        synchronized (lines) {
            seen = List.copyOf(lines);
        }
        assertThat(seen).anySatisfy(l -> assertThat(l).contains("Started LeakscanApplication"));
        JsonMapper json = JsonMapper.builder().build();
        for (String line : seen) {
            JsonNode event = json.readTree(line);
            assertThat(event.has("@timestamp")).as(line).isTrue();
            assertThat(event.path("log").path("level").isString()).as(line).isTrue();
        }
    }
}
