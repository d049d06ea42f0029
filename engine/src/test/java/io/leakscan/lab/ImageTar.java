package io.leakscan.lab;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container image as {@code jib:buildTar} writes it ({@code docker save} layout: manifest.json, the image config and
 * one gzipped tar per layer), unpacked with the system's tar: there is no Docker engine here, so the tests read the
 * image's files and run what is in its layers directly.
 */
public final class ImageTar {

    private final Path dir;
    private final JsonNode manifest;
    private final JsonNode config;

    private ImageTar(Path dir) throws IOException {
        this.dir = dir;
        JsonMapper json = JsonMapper.builder().build();
        this.manifest = json.readTree(Files.readString(dir.resolve("manifest.json"))).get(0);
        this.config = json.readTree(Files.readString(dir.resolve(manifest.get("Config").asString())));
    }

    /** Unpacks the image tarball (not its layers) into {@code work}. */
    public static ImageTar open(Path tarball, Path work) throws IOException {
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("no image tarball " + tarball + ": the module's package phase builds it "
                    + "(jib:buildTar, skipped with the tests; -Dleakscan.images.skip=false builds it alone)");
        }
        Files.createDirectories(work);
        tar("-xf", tarball.toString(), "-C", work.toString());
        return new ImageTar(work);
    }

    /** The image's tags (docker load gives it these names). */
    public List<String> repoTags() {
        return manifest.get("RepoTags").valueStream().map(JsonNode::asString).toList();
    }

    /** The whole image config: architecture, os, and under "config" Entrypoint, User, ExposedPorts, Volumes... */
    public JsonNode config() {
        return config;
    }

    /** The run configuration: {@code config().get("config")}. */
    public JsonNode run() {
        return config.get("config");
    }

    public List<String> entrypoint() {
        return run().get("Entrypoint").valueStream().map(JsonNode::asString).toList();
    }

    /** The layer files, base first. */
    public List<Path> layers() {
        return manifest.get("Layers").valueStream().map(l -> dir.resolve(l.asString())).toList();
    }

    /** Every path in every layer, as the layer names it (e.g. {@code app/libs/x.jar}, {@code data/}). */
    public List<String> paths() throws IOException {
        List<String> paths = new ArrayList<>();
        for (Path layer : layers()) {
            paths.addAll(tar("--warning=no-unknown-keyword", "-tf", layer.toString()).lines().toList());
        }
        return paths;
    }

    /** {@code tar -tv} of every layer, base first: one line per path with its mode, owner and size. */
    public List<String> listing() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path layer : layers()) {
            lines.addAll(tar("--warning=no-unknown-keyword", "-tvf", layer.toString()).lines().toList());
        }
        return lines;
    }

    /**
     * The image's file system: each layer unpacked over the previous ones into {@code rootfs}, keeping modes (the
     * images have no whiteouts: Jib's layers only add files).
     */
    public Path extract(Path rootfs) throws IOException {
        Files.createDirectories(rootfs);
        for (Path layer : layers()) {
            tar("--warning=no-unknown-keyword", "-xpf", layer.toString(), "-C", rootfs.toString());
        }
        return rootfs;
    }

    private static String tar(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tar", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not end within 2 minutes");
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
