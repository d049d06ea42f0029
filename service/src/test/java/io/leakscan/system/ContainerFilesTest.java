package io.leakscan.system;

import io.leakscan.lab.Repo;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the Dockerfile, read as files (no Docker engine here): every variable the compose file gives
 * the service is one the service reads, the allow-list is passed, and the image's user can write its data directory.
 */
class ContainerFilesTest {

    /** Spring Boot's own settings the compose file may pass besides the application's. */
    static final Set<String> BOOT_VARIABLES = Set.of(
            "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    @SuppressWarnings("unchecked")
    static Map<String, Object> leakscanService() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Repo.path("docker-compose.yml")));
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("leakscan");
    }

    /**
     * The environment variable names the application reads: each setting's name by Boot's relaxed-binding rule, and
     * the variables that application.yml names itself in {@code ${NAME:default}} placeholders.
     */
    static Set<String> applicationVariables() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("src/main/resources/application.yml"));
        Properties settings = yaml.getObject();
        Set<String> names = settings.stringPropertyNames().stream()
                .map(key -> key.replaceAll("\\[\\d+]$", "").replace("-", "").replace('.', '_')
                        .toUpperCase(Locale.ROOT))
                .collect(Collectors.toCollection(HashSet::new));
        settings.values().forEach(value -> PLACEHOLDER.matcher(value.toString()).results()
                .forEach(m -> names.add(m.group(1))));
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableTheComposeFilePassesIsOneTheServiceReads() throws IOException {
        Map<String, Object> environment = (Map<String, Object>) leakscanService().get("environment");
        Set<String> known = applicationVariables();
        assertThat(known).contains("LEAKSCAN_TARGET_ALLOW", "LEAKSCAN_EMBEDDEDPOSTGRES_DATADIRECTORY");
        assertThat(environment.keySet())
                .allSatisfy(name -> assertThat(known.contains(name) || BOOT_VARIABLES.contains(name))
                        .as("%s binds to a setting of the service", name).isTrue())
                .contains("LEAKSCAN_TARGET_ALLOW", "SPRING_DATASOURCE_URL");
        // without an allow-list entry the composed service refuses every target but its own loopback
        assertThat((String) environment.get("LEAKSCAN_TARGET_ALLOW")).contains("host.docker.internal");
        assertThat((List<String>) leakscanService().get("extra_hosts")).contains("host.docker.internal:host-gateway");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposedServiceHasAHealthCheckAndAVolumeForItsData() throws IOException {
        Map<String, Object> service = leakscanService();
        assertThat(String.join(" ", (List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test")))
                .contains("/actuator/health");
        assertThat((List<String>) service.get("volumes")).anyMatch(v -> v.endsWith(":/data"));
        assertThat((Map<String, Object>) ((Map<String, Object>) service.get("depends_on")).get("postgres"))
                .containsEntry("condition", "service_healthy");
    }

    /**
     * The compose health check, run by this machine's bash as Docker would run it in the container (compose's {@code $$}
     * is a {@code $}), against a server that answers as /actuator/health does: no trailing newline, the overall status
     * first. It must pass on UP and fail on DOWN (even with a component UP) and on a closed port, with nothing but bash:
     * the Jib images have no curl, wget or grep.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theHealthCheckNeedsOnlyBashAndPassesOnlyWhenTheServiceIsUp() throws Exception {
        List<String> test = (List<String>) ((Map<String, Object>) leakscanService().get("healthcheck")).get("test");
        assertThat(test.subList(0, 3)).containsExactly("CMD", "bash", "-c");
        String script = test.get(3).replace("$$", "$");
        assertThat(script).doesNotContainPattern("\\b(curl|wget|grep)\\b").contains("/dev/tcp/127.0.0.1/8080");

        String[] body = {"{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"};
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] bytes = body[0].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        String here = script.replace("127.0.0.1/8080", "127.0.0.1/" + port);
        try {
            assertThat(bash(here)).as("UP").isZero();
            body[0] = "{\"status\":\"DOWN\",\"components\":{\"ping\":{\"status\":\"UP\"}}}";
            assertThat(bash(here)).as("DOWN").isNotZero();
        } finally {
            server.stop(0);
        }
        assertThat(bash(here)).as("nothing listening").isNotZero();
    }

    static int bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the health check did not end within 20 s");
        }
        return p.exitValue();
    }

    @Test
    void theImageRunsAsItsOwnUserWithAWritableDataVolume() throws IOException {
        List<String> runtime = runtimeStage(Files.readAllLines(Repo.path("Dockerfile")));
        assertThat(runtime).contains("USER leakscan:leakscan", "EXPOSE 8080", "VOLUME /data",
                "ENV LEAKSCAN_EMBEDDEDPOSTGRES_DATADIRECTORY=/data/postgres");
        assertThat(runtime).anyMatch(line -> line.contains("chown leakscan:leakscan /data"));
        assertThat(runtime).anyMatch(line -> line.startsWith("ENTRYPOINT [\"java\""));
    }

    /** The lines from the last FROM on: what the running image is made of. */
    static List<String> runtimeStage(List<String> lines) {
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return lines.subList(from, lines.size()).stream().map(String::strip).toList();
    }
}
