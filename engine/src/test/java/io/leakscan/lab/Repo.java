package io.leakscan.lab;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout the tests run in. Maven runs each module's tests in that module's folder, while the lab apps, docs, CI
 * files and the fixtures every module shares live at the top or in the engine module, so tests resolve those here.
 */
public final class Repo {

    private Repo() {
    }

    /** The repository root: the nearest folder at or above {@code user.dir} that holds {@code lab/go.mod}. */
    public static Path root() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lab").resolve("go.mod"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no lab/go.mod at or above " + start);
    }

    /** {@code first/more...} under the repository root. */
    public static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }
}
