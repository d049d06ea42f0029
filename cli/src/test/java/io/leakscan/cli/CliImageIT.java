package io.leakscan.cli;

import io.leakscan.ToolVersion;
import io.leakscan.lab.ImageTar;
import io.leakscan.lab.LabAppExtension;
import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI image that the build writes to cli/target/leakscan-cli-image.tar (Jib, no Docker daemon): its config, and
 * its layers run as the container would run them: the image's own java (the runtime in its base layer) with the image's
 * entrypoint, its class path moved under the folder the layers were unpacked into, in its working directory.
 */
class CliImageIT {

    @RegisterExtension
    static LabAppExtension leaky = LabAppExtension.of("heap-slice-leaky");

    @TempDir
    static Path work;

    static ImageTar image;
    static Path rootfs;

    @BeforeAll
    static void unpack() throws IOException {
        image = ImageTar.open(Repo.path("cli", "target", "leakscan-cli-image.tar"), work.resolve("image"));
        rootfs = image.extract(work.resolve("rootfs"));
    }

    @Test
    void theImageRunsTheCliAsANonRootUserInAWritableDataVolume() {
        assertThat(image.repoTags()).containsExactly("leakscan-cli:" + ToolVersion.current());
        assertThat(image.config().get("os").asString()).isEqualTo("linux");
        assertThat(image.entrypoint()).startsWith("java").endsWith("-cp", "@/app/jib-classpath-file",
                "io.leakscan.cli.Main");
        String user = image.run().get("User").asString();
        assertThat(user).isEqualTo("1000:1000");
        assertThat(image.run().get("Volumes").propertyNames()).containsExactly("/data");
        assertThat(image.run().get("WorkingDir").asString()).isEqualTo("/data");
        assertThat(image.run().get("ExposedPorts").propertyNames()).as("the CLI serves nothing").isEmpty();
    }

    @Test
    void theDataVolumeIsWritableByTheImageUserWhoHasAPasswdEntry() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("data"))))
                .isEqualTo("rwxrwxrwx");
        assertThat(Files.readAllLines(rootfs.resolve("etc/passwd"))).anyMatch(l -> l.matches("\\w+:x:1000:1000:.*"));
        assertThat(rootfs.resolve("opt/java/openjdk/bin/java")).isExecutable();
    }

    @Test
    void itsLayersPrintTheVersionAndScanALabAppWithTheImagesOwnJava() throws IOException {
        Run version = run("--version");
        assertThat(version.code()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("leakscan " + ToolVersion.current() + " (commit " + ToolVersion.commit()
                + ", Java ");

        Run scan = run("scan", leaky.baseUrl().toString(), "--profile", "quick",
                "--endpoint", "GET /reports/:id /reports/7", "--no-color",
                "--format", "json", "--output", "leakscan.json", "--format", "summary");
        assertThat(scan.code()).as(scan.toString()).as("exit 1: a finding at or above high").isEqualTo(1);
        assertThat(scan.out()).contains("Verdict: LEAKS FOUND", "HEAP_GROWTH · handler · GET /reports/:id");
        assertThat(Files.readString(rootfs.resolve("data/leakscan.json")))
                .as("a relative --output lands in the working directory, the data volume")
                .contains("\"kind\" : \"HEAP_GROWTH\"", "\"toolVersion\" : \"" + ToolVersion.current() + "\"");
    }

    @Test
    void theEntrypointIsTheCommandTheGitlabTemplateRuns() throws IOException {
        assertThat(String.join(" ", image.entrypoint())).isEqualTo(CiTemplatesTest.cliImageCommand());
    }

    /**
     * The GitLab template's script, literally, in the unpacked image as GitLab's Docker executor would run it: chrooted
     * into the layers (the image's bash, java and class path file) as the image's user, with the image's environment,
     * in a project directory that user can write (the runner's umask 0000), errexit on. The job finds the lab app's
     * leak, writes every report the template collects and fails. (A second job with its leakscan.json as
     * LEAKSCAN_BASELINE passes, exit 0 with the leak known; that was run by hand, 2026-12-06, as it doubles the time;
     * CiTemplatesTest checks that the baseline reaches the command line.) unshare and chroot need root; elsewhere the
     * test is skipped.
     */
    @Test
    void theGitlabTemplatesScriptRunsInTheImageWritesItsReportsAndFailsOnTheLeak() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "unshare and chroot need root");
        Path project = inRootfs("/builds/team/svc");
        Files.createDirectories(project);
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxrwxrwx"));

        Run job = gitlabJob("");
        assertThat(job.code()).as(job.toString()).as("exit 1: a finding at or above LEAKSCAN_FAIL_ON").isEqualTo(1);
        assertThat(job.out()).contains("Verdict: LEAKS FOUND", "HEAP_GROWTH · handler · GET /reports/:id");
        for (String report : List.of("leakscan.junit.xml", "gl-code-quality-report.json", "leakscan.json",
                "leakscan.sarif", "leakscan.md")) {
            assertThat(project.resolve(report)).as(report).isNotEmptyFile();
        }
        assertThat(Files.readString(project.resolve("gl-code-quality-report.json")))
                .contains("\"check_name\"", "HEAP_GROWTH");
        assertThat(Files.readString(project.resolve("leakscan.junit.xml"))).contains("<failure");
    }

    /** The template's script under the image's bash, chrooted with its own /proc, as uid 1000, with the image's and GitLab's variables. */
    static Run gitlabJob(String baseline) throws IOException, InterruptedException {
        // GitLab's runner writes file-type variables and checks its shell before the job's script (shells/bash.go)
        String preamble = "mkdir -p /builds/team/svc/.tmp\nprintf x > /builds/team/svc/.tmp/CI_SERVER_TLS_CA_FILE\n"
                + "grep -q x /builds/team/svc/.tmp/CI_SERVER_TLS_CA_FILE\n";
        String script = "set -o errexit\n" + preamble + "cd /builds/team/svc\n" + CiTemplatesTest.gitlabScript();
        // A mount and PID namespace with its own /proc and the host's /dev, as a container has them: the image's java
        // finds libjli.so through $ORIGIN, which the dynamic loader resolves with /proc/self/exe, and without
        // /dev/urandom its first TLS-free HTTP request still waits seconds for SecureRandom's seed
        Files.createDirectories(inRootfs("/proc"));
        Files.createDirectories(inRootfs("/dev"));
        ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--pid", "--fork",
                "--mount-proc=" + inRootfs("/proc"), "/bin/sh", "-c",
                "mount --rbind /dev \"$0/dev\" && exec chroot --userspec=1000:1000 \"$0\" /usr/bin/bash -c \"$1\"",
                rootfs.toString(), script);
        pb.environment().clear();
        image.run().get("Env").valueStream().map(e -> e.asString().split("=", 2))
                .forEach(kv -> pb.environment().put(kv[0], kv[1]));
        pb.environment().putAll(Map.of("CI_PROJECT_DIR", "/builds/team/svc", "LEAKSCAN_URL",
                leaky.baseUrl().toString(), "LEAKSCAN_PROFILE", "quick", "LEAKSCAN_FAIL_ON", "high",
                "LEAKSCAN_BASELINE", baseline, "LEAKSCAN_ARGS", "--endpoint \"GET /reports/:id /reports/7\""));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the job did not end within 3 minutes: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /**
     * The image's entrypoint with {@code args}: "java" found on the image's PATH inside rootfs, the {@code @file}
     * class path read from rootfs with each entry moved under it, in the image's working directory.
     */
    static Run run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        for (String arg : image.entrypoint()) {
            if (command.isEmpty()) {
                command.add(onImagePath(arg).toString());
            } else if (arg.startsWith("@")) {
                command.add(Arrays.stream(Files.readString(inRootfs(arg.substring(1))).strip().split(":"))
                        .map(entry -> inRootfs(entry).toString()).collect(Collectors.joining(":")));
            } else {
                command.add(arg);
            }
        }
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(inRootfs(image.run().get("WorkingDir").asString()).toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the CLI did not end within 3 minutes: " + Files.readString(err));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Path inRootfs(String absolute) {
        return rootfs.resolve(absolute.replaceFirst("^/+", ""));
    }

    static Path onImagePath(String program) {
        String path = image.run().get("Env").valueStream().map(e -> e.asString())
                .filter(e -> e.startsWith("PATH=")).findFirst().orElseThrow().substring("PATH=".length());
        return Arrays.stream(path.split(":")).map(dir -> inRootfs(dir).resolve(program))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(program + " is on none of the image's PATH " + path));
    }
}
