package io.leakscan.cli;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no runner here, so the GitHub Action and the GitLab template are checked as files: they parse as YAML, the
 * CLI they run exists, every option they pass is a real option of {@code leakscan scan}, every format a real format,
 * and the files they upload are the files they told the CLI to write.
 */
class CiTemplatesTest {

    static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]+)");
    static final Pattern FORMAT_OUTPUT = Pattern.compile("--format (\\w+)(?: --output (\\S+))?");

    static CommandSpec scan() {
        return Main.commandLine(Terminal.PIPE, Clock.systemUTC()).getSubcommands().get("scan").getCommandSpec();
    }

    /** The options on the {@code leakscan scan} command line, from {@code start} on (before it are other tools'). */
    static void optionsAreReal(String script, String start) {
        assertThat(script).contains(start);
        Matcher m = OPTION.matcher(script.substring(script.indexOf(start)));
        while (m.find()) {
            assertThat(scan().findOption(m.group(1))).as("leakscan scan %s", m.group(1)).isNotNull();
        }
    }

    /** format -> output file (null: stdout), with quotes and line continuations taken out. */
    static List<String[]> formats(String script) {
        String flat = script.replace("\\\n", " ").replace("\"", "").replaceAll("\\s+", " ");
        List<String[]> out = new ArrayList<>();
        Matcher m = FORMAT_OUTPUT.matcher(flat);
        while (m.find()) {
            Outputs.parseFormat(m.group(1)); // throws for a format the CLI does not have
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGithubActionRunsTheCliImageUploadsSarifWritesTheSummaryAndFailsPerFailOn() throws IOException {
        Map<String, Object> action = new Yaml().load(Files.readString(Repo.path("action.yml")));
        Map<String, Object> runs = (Map<String, Object>) action.get("runs");
        assertThat(runs.get("using")).isEqualTo("composite");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) runs.get("steps");

        Map<String, Object> scanStep = steps.stream().filter(s -> "scan".equals(s.get("id"))).findFirst()
                .orElseThrow();
        String script = (String) scanStep.get("run");
        assertThat(script).as("the image, on the runner's network, the workspace as its working directory")
                .contains("docker run --rm --network host ", "-w \"$GITHUB_WORKSPACE\"",
                        "-v \"$GITHUB_WORKSPACE:$GITHUB_WORKSPACE\"", "-v \"$out:$out\"");
        assertThat(((Map<String, String>) scanStep.get("env")).get("LEAKSCAN_IMAGE"))
                .isEqualTo("${{ steps.image.outputs.image }}");
        // the image's entrypoint is the CLI, so its first argument is the subcommand
        optionsAreReal(script, "\"$LEAKSCAN_IMAGE\" scan");
        List<String[]> formats = formats(script);
        assertThat(formats).extracting(f -> f[0]).containsExactly("sarif", "markdown", "json", "github");
        assertThat(formats.getLast()[1]).as("annotations go to the log").isNull();
        assertThat(formats.subList(0, 3)).allSatisfy(f -> assertThat(f[1]).as("in the mounted $out").startsWith("$out/"));
        assertThat(script).contains(
                "if [ -f \"$out/leakscan.md\" ]; then cat \"$out/leakscan.md\" >> \"$GITHUB_STEP_SUMMARY\"; fi",
                "if [ -f \"$out/leakscan.sarif\" ]; then echo \"sarif=$out/leakscan.sarif\" >> \"$GITHUB_OUTPUT\"; fi");

        Map<String, Object> upload = steps.stream().filter(s -> String.valueOf(s.get("uses"))
                .startsWith("github/codeql-action/upload-sarif@")).findFirst().orElseThrow();
        assertThat(((Map<String, Object>) upload.get("with")).get("sarif_file"))
                .isEqualTo("${{ steps.scan.outputs.sarif }}");
        assertThat(upload.get("if")).as("uploads whenever the CLI wrote a SARIF file, also when the job fails")
                .isEqualTo("always() && steps.scan.outputs.sarif != ''");
        assertThat(steps.getLast().get("run")).isEqualTo("exit \"${LEAKSCAN_EXIT:-2}\"");

        Map<String, Map<String, Object>> inputs = (Map<String, Map<String, Object>>) action.get("inputs");
        Inputs.failOn((String) inputs.get("fail-on").get("default"));
        Inputs.profile((String) inputs.get("profile").get("default"));
        assertThat(inputs.get("image").get("default")).isEqualTo("");
    }

    /**
     * The action's scan step run as GitHub runs it ({@code bash -eo pipefail}) with {@code docker} a function that
     * prints its arguments, writes the reports the CLI would and exits as told: the Markdown report lands in the job
     * summary, the outputs carry the exit code and the SARIF path only when a SARIF file exists, the baseline and the
     * quoted args reach the command line, and the step itself does not fail (the last step exits with the code).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theActionsScanStepWritesTheSummaryAndOutputsPerExitCode(@TempDir Path tmp) throws IOException,
            InterruptedException {
        Map<String, Object> action = new Yaml().load(Files.readString(Repo.path("action.yml")));
        String script = (String) ((List<Map<String, Object>>) ((Map<String, Object>) action.get("runs")).get("steps"))
                .stream().filter(s -> "scan".equals(s.get("id"))).findFirst().orElseThrow().get("run");
        String stub = """
                docker() {
                  printf '%s\\n' docker "$@" > "$RUNNER_TEMP/argv"
                  if [ "$STUB_WRITES" = 1 ]; then
                    mkdir -p "$RUNNER_TEMP/leakscan"
                    echo '# Leakscan report' > "$RUNNER_TEMP/leakscan/leakscan.md"
                    echo '{}' > "$RUNNER_TEMP/leakscan/leakscan.sarif"
                  fi
                  return "$STUB_CODE"
                }
                """;
        for (int code : List.of(0, 1, 3, 2, 125)) {
            Path run = Files.createDirectories(tmp.resolve("run" + code));
            Path output = Files.createFile(run.resolve("output"));
            Path summary = Files.createFile(run.resolve("summary"));
            boolean writes = code != 2 && code != 125;
            ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                    stub + script);
            pb.environment().putAll(Map.of("RUNNER_TEMP", run.toString(), "GITHUB_WORKSPACE", "/ws",
                    "GITHUB_OUTPUT", output.toString(), "GITHUB_STEP_SUMMARY", summary.toString(),
                    "LEAKSCAN_IMAGE", "leakscan-cli:test", "LEAKSCAN_URL", "http://127.0.0.1:8081",
                    "LEAKSCAN_PROFILE", "quick", "LEAKSCAN_FAIL_ON", "high", "STUB_CODE", String.valueOf(code),
                    "STUB_WRITES", writes ? "1" : "0"));
            pb.environment().putAll(Map.of("LEAKSCAN_BASELINE", ".leakscan/previous.json",
                    "LEAKSCAN_ARGS", "--echo-specific --header \"Authorization: Bearer x\"", "LEAKSCAN_ENV", "TOKEN",
                    "LEAKSCAN_MODULE_DIR", "services/orders"));
            Process p = pb.redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as("the step succeeds; exit %d: %s", code, log).isZero();

            List<String> outputs = Files.readAllLines(output);
            assertThat(outputs).as("exit %d", code).contains("exit-code=" + code);
            if (writes) {
                assertThat(outputs).contains("sarif=" + run.resolve("leakscan/leakscan.sarif"));
                assertThat(Files.readString(summary)).isEqualTo("# Leakscan report\n");
            } else {
                assertThat(outputs).noneMatch(o -> o.startsWith("sarif="));
                assertThat(summary).isEmptyFile();
            }
            List<String> argv = Files.readAllLines(run.resolve("argv"));
            assertThat(argv).containsSubsequence("-e", "TOKEN", "leakscan-cli:test", "scan", "http://127.0.0.1:8081")
                    .containsSubsequence("--baseline", "/ws/.leakscan/previous.json", "--echo-specific", "--header",
                            "Authorization: Bearer x")
                    .as("the module's folder as given: a repository path, not one in the workspace")
                    .containsSubsequence("--module-dir", "services/orders", "--echo-specific");
        }
    }

    /**
     * Without an {@code image} input the action builds the CLI image from its checkout and docker-loads it: a JDK only
     * then, the Maven command that builds the tarball, and the tarball and name the CLI module's Jib configuration
     * writes.
     */
    @Test
    @SuppressWarnings("unchecked")
    void withoutAnImageTheActionBuildsAndLoadsTheOneTheCliModuleDescribes() throws IOException {
        Map<String, Object> action = new Yaml().load(Files.readString(Repo.path("action.yml")));
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) action.get("runs"))
                .get("steps");
        Map<String, Object> setupJava = steps.stream().filter(s -> String.valueOf(s.get("uses"))
                .startsWith("actions/setup-java@")).findFirst().orElseThrow();
        assertThat(setupJava.get("if")).isEqualTo("inputs.image == ''");
        assertThat((Map<String, Object>) setupJava.get("with")).containsEntry("java-version", "21");

        String build = (String) steps.stream().filter(s -> "image".equals(s.get("id"))).findFirst().orElseThrow()
                .get("run");
        assertThat(build).contains("./mvnw -B -ntp -q -pl cli -am package -DskipTests -Dleakscan.images.skip=false",
                "docker load -i \"$GITHUB_ACTION_PATH/cli/target/leakscan-cli-image.tar\"",
                "echo \"image=$LEAKSCAN_IMAGE\" >> \"$GITHUB_OUTPUT\"");
        assertThat(Repo.path("mvnw")).isExecutable();
        String pom = Files.readString(Repo.path("cli", "pom.xml"));
        assertThat(pom).contains("<tar>${project.build.directory}/leakscan-cli-image.tar</tar>",
                "<image>leakscan-cli:${project.version}</image>", "<mainClass>io.leakscan.cli.Main</mainClass>");
        assertThat(Files.readString(Repo.path("pom.xml")))
                .as("-Dleakscan.images.skip=false turns the image build on with -DskipTests")
                .contains("<skip>${leakscan.images.skip}</skip>");
    }

    static final Path GITLAB_TEMPLATE = Repo.path("ci/gitlab/leakscan.gitlab-ci.yml");

    @SuppressWarnings("unchecked")
    static Map<String, Object> gitlabJob() throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(GITLAB_TEMPLATE));
        return (Map<String, Object>) yaml.get("leakscan");
    }

    /** The GitLab job's script: one block of shell, which GitLab runs in the image with the project as working dir. */
    @SuppressWarnings("unchecked")
    static String gitlabScript() throws IOException {
        return String.join("\n", (List<String>) gitlabJob().get("script"));
    }

    /**
     * The command the CLI image's entrypoint runs, as the CLI module's Jib configuration makes it: {@code java}, the
     * JVM flags, Jib's class path file under its default app root, the main class. CliImageIT checks it against the
     * built image's config.
     */
    static String cliImageCommand() throws IOException {
        String pom = Files.readString(Repo.path("cli", "pom.xml"));
        List<String> command = new ArrayList<>(List.of("java"));
        Matcher flag = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(pom);
        while (flag.find()) {
            command.add(flag.group(1));
        }
        Matcher main = Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(pom);
        assertThat(main.find()).isTrue();
        command.addAll(List.of("-cp", "@/app/jib-classpath-file", main.group(1)));
        return String.join(" ", command);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitlabTemplateRunsTheCliImageWithItsEntrypointAsAShellCommandAndNoJdk() throws IOException {
        String template = Files.readString(GITLAB_TEMPLATE);
        assertThat(template).as("no JDK image, no checkout of Leakscan, no ./leakscan")
                .doesNotContain("eclipse-temurin", "-jdk", "git clone", "./leakscan", "mvnw");
        Map<String, Object> variables = (Map<String, Object>) new Yaml().<Map<String, Object>>load(template)
                .get("variables");
        assertThat(variables).containsKeys("LEAKSCAN_IMAGE", "LEAKSCAN_URL", "LEAKSCAN_BASELINE", "LEAKSCAN_ARGS");
        assertThat(variables.get("LEAKSCAN_BASELINE")).isEqualTo("");
        Inputs.failOn((String) variables.get("LEAKSCAN_FAIL_ON"));
        Inputs.profile((String) variables.get("LEAKSCAN_PROFILE"));

        Map<String, Object> image = (Map<String, Object>) gitlabJob().get("image");
        assertThat(image.get("name")).isEqualTo("$LEAKSCAN_IMAGE");
        assertThat((List<String>) image.get("entrypoint")).as("GitLab runs its shell, not the image's entrypoint")
                .containsExactly("");
        String script = gitlabScript();
        String flat = script.replace("\\\n", " ").replaceAll("[ \t]+", " ");
        assertThat(flat).as("the image's entrypoint, then the subcommand")
                .contains(cliImageCommand() + " scan \"$LEAKSCAN_URL\" \"$@\"");
        String main = "io.leakscan.cli.Main";
        // the options the script collects before the command line, and those on it after the main class
        optionsAreReal(script.substring(0, script.indexOf("java ")), "set -- --profile");
        optionsAreReal(script, main);
        assertThat(script).contains("--baseline \"$LEAKSCAN_BASELINE\"", "--fail-on \"$LEAKSCAN_FAIL_ON\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitlabTemplateEmitsJunitAndCodeQualityReportsAndKeepsTheOtherReportsTheCliWrites() throws IOException {
        Map<String, String> files = new HashMap<>();
        List<String> stdout = new ArrayList<>();
        for (String[] f : formats(gitlabScript())) {
            if (f[1] == null) {
                stdout.add(f[0]);
            } else {
                assertThat(f[1]).as("relative: in the project, where GitLab collects artifacts").doesNotStartWith("/");
                files.put(f[0], f[1]);
            }
        }
        assertThat(files).containsOnlyKeys("junit", "codequality", "json", "sarif", "markdown");
        assertThat(stdout).as("the summary in the job log").containsExactly("summary");
        Map<String, Object> artifacts = (Map<String, Object>) gitlabJob().get("artifacts");
        assertThat(artifacts.get("when")).isEqualTo("always");
        Map<String, Object> reports = (Map<String, Object>) artifacts.get("reports");
        assertThat(reports.get("junit")).isEqualTo(files.get("junit"));
        assertThat(reports.get("codequality")).isEqualTo(files.get("codequality"));
        assertThat((List<String>) artifacts.get("paths"))
                .containsExactlyInAnyOrder(files.get("json"), files.get("sarif"), files.get("markdown"));
    }

    /**
     * The script run by bash and by dash (GitLab takes bash where the image has it, else sh) with {@code java} a
     * function that prints its arguments: the baseline only when set, LEAKSCAN_ARGS split as a shell would split them,
     * quotes kept, and the CLI's exit code is the job's.
     */
    @Test
    void theGitlabScriptPassesTheBaselineAndQuotedArgsAndExitsWithTheClisCode() throws IOException,
            InterruptedException {
        for (String shell : List.of("/bin/bash", "/bin/sh")) {
            List<String> plain = runGitlabScript(shell, "", "", 0);
            assertThat(plain).doesNotContain("--baseline");
            assertThat(plain.subList(0, 10)).containsExactly("java", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "-cp", "@/app/jib-classpath-file", "io.leakscan.cli.Main",
                    "scan", "http://svc:8080", "--profile", "quick");

            List<String> more = runGitlabScript(shell, ".leakscan/previous.json",
                    "--echo-specific --header \"Authorization: Bearer $TOKEN\"", 1);
            assertThat(more).containsSubsequence("--baseline", ".leakscan/previous.json");
            assertThat(more).as(shell).containsSubsequence("--echo-specific", "--header", "Authorization: Bearer t0k");
            assertThat(more.subList(more.indexOf("--no-color"), more.indexOf("--format")))
                    .containsExactly("--no-color", "--baseline", ".leakscan/previous.json", "--echo-specific",
                            "--header", "Authorization: Bearer t0k");
        }
    }

    List<String> runGitlabScript(String shell, String baseline, String args, int exit) throws IOException,
            InterruptedException {
        String stub = "java() { printf '%s\\n' java \"$@\"; return " + exit + "; }\n";
        ProcessBuilder pb = new ProcessBuilder(shell, "-ec", stub + gitlabScript());
        pb.environment().putAll(Map.of("LEAKSCAN_URL", "http://svc:8080", "LEAKSCAN_PROFILE", "quick",
                "LEAKSCAN_FAIL_ON", "high", "LEAKSCAN_BASELINE", baseline, "LEAKSCAN_ARGS", args, "TOKEN", "t0k"));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(shell + ":\n" + out).isEqualTo(exit);
        return List.of(out.split("\n"));
    }
}
