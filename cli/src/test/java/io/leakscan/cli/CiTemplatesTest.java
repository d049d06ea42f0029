package io.leakscan.cli;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;
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
        assertThat(script).contains("cat \"$out/leakscan.md\" >> \"$GITHUB_STEP_SUMMARY\"",
                "echo \"sarif=$out/leakscan.sarif\" >> \"$GITHUB_OUTPUT\"");

        Map<String, Object> upload = steps.stream().filter(s -> String.valueOf(s.get("uses"))
                .startsWith("github/codeql-action/upload-sarif@")).findFirst().orElseThrow();
        assertThat(((Map<String, Object>) upload.get("with")).get("sarif_file"))
                .isEqualTo("${{ steps.scan.outputs.sarif }}");
        assertThat(steps.getLast().get("run")).isEqualTo("exit \"${LEAKSCAN_EXIT:-2}\"");

        Map<String, Map<String, Object>> inputs = (Map<String, Map<String, Object>>) action.get("inputs");
        Inputs.failOn((String) inputs.get("fail-on").get("default"));
        Inputs.profile((String) inputs.get("profile").get("default"));
        assertThat(inputs.get("image").get("default")).isEqualTo("");
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

    @Test
    @SuppressWarnings("unchecked")
    void theGitlabTemplateEmitsJunitAndCodeQualityArtifactsTheCliWrites() throws IOException {
        Path template = Repo.path("ci/gitlab/leakscan.gitlab-ci.yml");
        Map<String, Object> yaml = new Yaml().load(Files.readString(template));
        Map<String, Object> variables = (Map<String, Object>) yaml.get("variables");
        Inputs.failOn((String) variables.get("LEAKSCAN_FAIL_ON"));
        Inputs.profile((String) variables.get("LEAKSCAN_PROFILE"));

        Map<String, Object> job = (Map<String, Object>) yaml.get("leakscan");
        assertThat(job.get("image")).asString().startsWith("eclipse-temurin:21");
        String script = String.join("\n", (List<String>) job.get("script"));
        optionsAreReal(script, "/leakscan\" scan");
        Map<String, String> files = new HashMap<>();
        for (String[] f : formats(script)) {
            files.put(f[0], f[1]);
        }
        Map<String, Object> artifacts = (Map<String, Object>) job.get("artifacts");
        assertThat(artifacts.get("when")).isEqualTo("always");
        Map<String, Object> reports = (Map<String, Object>) artifacts.get("reports");
        assertThat(reports.get("junit")).isEqualTo(files.get("junit")).isNotNull();
        assertThat(reports.get("codequality")).isEqualTo(files.get("codequality")).isNotNull();
        assertThat((List<String>) artifacts.get("paths")).containsExactly(files.get("json"));
    }
}
