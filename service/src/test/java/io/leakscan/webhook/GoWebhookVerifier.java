package io.leakscan.webhook;

import io.leakscan.lab.Repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs lab/tools/webhook-verify, a Standard Webhooks verifier written in Go from the specification, on a delivery the
 * service sent: the independent check that our signatures are what other languages' receivers expect. Built once
 * per JVM into target/lab-bin.
 */
final class GoWebhookVerifier {

    /** The verifier's answer: exit code 0 and "ok", or its reason on stderr. */
    record Outcome(int exitCode, String output) {
        boolean verified() {
            return exitCode == 0;
        }
    }

    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(3);
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(30);
    private static Path binary;

    private GoWebhookVerifier() {
    }

    static Outcome verify(Receiver.Received delivery, String secret) throws IOException, InterruptedException {
        Path body = Files.createTempFile("webhook-body", ".json");
        try {
            Files.write(body, delivery.body());
            return run(RUN_DEADLINE, List.of(binary().toString(), "-secret", secret,
                    "-id", nullToEmpty(delivery.header("webhook-id")),
                    "-timestamp", nullToEmpty(delivery.header("webhook-timestamp")),
                    "-signature", nullToEmpty(delivery.header("webhook-signature")),
                    "-body", body.toString()), null);
        } finally {
            Files.deleteIfExists(body);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static synchronized Path binary() throws IOException, InterruptedException {
        Path root = Repo.root();
        Path target = root.resolve("target/lab-bin/webhook-verify");
        if (binary == null || !Files.isExecutable(binary)) {
            Outcome built = run(BUILD_DEADLINE,
                    List.of("go", "build", "-o", target.toString(), "./tools/webhook-verify"), root.resolve("lab"));
            if (!built.verified()) {
                throw new IllegalStateException("go build ./tools/webhook-verify failed: " + built.output());
            }
            binary = target;
        }
        return binary;
    }

    private static Outcome run(Duration deadline, List<String> command, Path dir)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process process = pb.start();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.getFirst() + " did not finish within " + deadline);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Outcome(process.exitValue(), output);
    }
}
