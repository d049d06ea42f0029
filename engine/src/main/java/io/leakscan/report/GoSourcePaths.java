package io.leakscan.report;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.telemetry.parse.Frame;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns the absolute source paths compiled into a Go binary into paths relative to the Go module root, so code
 * scanning can put a finding on the line in the repository.
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>No file, a file in the module cache ({@code .../pkg/mod/...}: a dependency) or a standard-library function
 *       ({@code net/http.(*conn).serve}: the first path element of its package has no dot and it is not
 *       {@code main}): not the application's code, no repository path.</li>
 *   <li>A configured module root ({@link ReportOptions#sourceRoot()}) that the path lies under: strip it.</li>
 *   <li>A root derived from the report's own frames: for a frame of a non-{@code main} package, the directory's
 *       trailing segments that equal the import path's trailing segments are the package's folder inside the module;
 *       the rest of the directory is the module root. On github.com, gitlab.com and bitbucket.org the module path is
 *       host/owner/repo (plus a {@code /vN} major version), so all the remaining segments must match the folders
 *       or the frame is no evidence; elsewhere the module path keeps at least one segment and as many folders match
 *       as do. The root found most often wins (ties: the shortest), and applies to {@code main} packages' files
 *       too.</li>
 *   <li>The Go {@code cmd/} layout: a path {@code <root>/cmd/<app>/file.go} has the module root before the last
 *       {@code /cmd/}.</li>
 *   <li>Otherwise the path stays absolute ({@code file:///...}) with no base id: still true, though code scanning
 *       cannot map it to the repository.</li>
 * </ol>
 */
public final class GoSourcePaths {

    /** A source file as SARIF wants it: relative to {@code %SRCROOT%}, or absolute. */
    public record SourceFile(String uri, boolean relative, int line) {

        /** {@code cmd/app/server.go:31}, or the absolute path and line. */
        public String display() {
            String path = relative ? uri : URI.create(uri).getPath();
            return line > 0 ? path + ":" + line : path;
        }
    }

    private static final List<String> REPOSITORY_HOSTS = List.of("github.com", "gitlab.com", "bitbucket.org");

    private final String root;
    private final String moduleDir;

    private GoSourcePaths(String root, String moduleDir) {
        this.root = root;
        this.moduleDir = moduleDir;
    }

    /** Paths for one report: the configured root, else the root derived from all its frames (may be none). */
    public static GoSourcePaths forReport(ScanReport report, ReportOptions options) {
        return forFindings(report.findings(), options);
    }

    /** Paths for findings without a report yet (a running scan's): the same rule over their frames. */
    public static GoSourcePaths forFindings(List<Finding> findings, ReportOptions options) {
        if (options.sourceRoot() != null) {
            return new GoSourcePaths(options.sourceRoot(), options.moduleDir());
        }
        return new GoSourcePaths(deriveRoot(frames(findings)).orElse(null), options.moduleDir());
    }

    /** The module root in use, if any: the configured or derived one. */
    public Optional<String> root() {
        return Optional.ofNullable(root);
    }

    /** Where a frame lives in the repository, or empty when it is not the application's code. */
    public Optional<SourceFile> locate(Frame frame) {
        if (frame == null || frame.file() == null || frame.file().isBlank() || !isApplicationCode(frame)) {
            return Optional.empty();
        }
        String file = frame.file().replace('\\', '/');
        int line = Math.max(frame.line(), 0);
        if (root != null && file.startsWith(root + "/")) {
            return Optional.of(new SourceFile(inRepository(file.substring(root.length() + 1)), true, line));
        }
        int cmd = file.lastIndexOf("/cmd/");
        if (root == null && cmd >= 0) {
            return Optional.of(new SourceFile(inRepository(file.substring(cmd + 1)), true, line));
        }
        String absolute = file.startsWith("/") ? file : "/" + file;
        try {
            return Optional.of(new SourceFile(new URI("file", "", absolute, null).toASCIIString(), false, line));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A path relative to the module root, as the repository holds it: under the module's folder when one is set. */
    private String inRepository(String moduleRelative) {
        return encode(moduleDir == null ? moduleRelative : moduleDir + "/" + moduleRelative);
    }

    /** For people: {@code cmd/app/server.go:33} for the application's code, else the runtime's own location. */
    public String display(Frame frame) {
        return locate(frame).map(SourceFile::display).orElse(frame.location());
    }

    /** False for dependencies in the module cache and for the standard library. */
    static boolean isApplicationCode(Frame frame) {
        if (frame.file() != null && frame.file().replace('\\', '/').contains("/pkg/mod/")) {
            return false;
        }
        String pkg = packagePath(frame.function());
        if (pkg.equals("main")) {
            return true;
        }
        String first = pkg.contains("/") ? pkg.substring(0, pkg.indexOf('/')) : pkg;
        return first.contains(".");
    }

    /** {@code github.com/a/b/api.(*S).m.func1} to {@code github.com/a/b/api}; {@code main.f} to {@code main}. */
    static String packagePath(String function) {
        int slash = function.lastIndexOf('/');
        int dot = function.indexOf('.', slash + 1);
        return dot < 0 ? function : function.substring(0, dot);
    }

    static Optional<String> deriveRoot(List<Frame> frames) {
        Map<String, Integer> votes = new TreeMap<>();
        for (Frame f : frames) {
            if (f.file() == null || !isApplicationCode(f)) {
                continue;
            }
            String pkg = packagePath(f.function());
            if (pkg.equals("main")) {
                continue;
            }
            rootOf(f.file().replace('\\', '/'), pkg).ifPresent(r -> votes.merge(r, 1, Integer::sum));
        }
        return votes.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(e -> -e.getKey().length())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
    }

    private static Optional<String> rootOf(String file, String importPath) {
        int lastSlash = file.lastIndexOf('/');
        if (lastSlash <= 0) {
            return Optional.empty();
        }
        String[] dir = file.substring(0, lastSlash).split("/");
        String[] pkg = importPath.split("/");
        boolean repositoryHost = REPOSITORY_HOSTS.contains(pkg[0]);
        // On a repository host the module is host/owner/repo (plus a /vN major version): the rest must be folders.
        int moduleSegments = !repositoryHost ? 1 : pkg.length > 3 && pkg[3].matches("v[0-9]+") ? 4 : 3;
        int maxSuffix = pkg.length - moduleSegments;
        if (maxSuffix < 0) {
            return Optional.empty();
        }
        int matched = 0;
        while (matched < maxSuffix && matched < dir.length - 1
                && dir[dir.length - 1 - matched].equals(pkg[pkg.length - 1 - matched])) {
            matched++;
        }
        if (repositoryHost && matched < maxSuffix) {
            // The directory does not end in the package's folders (vendoring, an unusual layout): no claim.
            return Optional.empty();
        }
        // A package at the module root has nothing to match: its directory is the root.
        String root = String.join("/", Arrays.copyOf(dir, dir.length - matched));
        return root.isEmpty() ? Optional.empty() : Optional.of(root);
    }

    private static List<Frame> frames(List<Finding> findings) {
        List<Frame> all = new ArrayList<>();
        for (Finding f : findings) {
            for (StackEvidence s : f.evidence().stacks()) {
                Stream.concat(Stream.of(s.leakSite(), s.createdBy()), s.appFrames().stream())
                        .filter(Objects::nonNull)
                        .forEach(all::add);
            }
        }
        return all;
    }

    private static String encode(String relative) {
        try {
            return new URI(null, null, relative, null).toASCIIString();
        } catch (URISyntaxException e) {
            return relative;
        }
    }
}
