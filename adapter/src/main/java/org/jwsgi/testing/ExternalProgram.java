package org.jwsgi.testing;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A program outside the JVM that a test needs (a browser, nginx, openssl, h2load), found the way
 * a user's machine has it, so that the suite passes anywhere: where the program is missing the
 * test is skipped with a loud message naming the package to install, unless the build asks to
 * require it, and then it fails. CI requires everything, so CI never skips.
 *
 * <p>A program is required when the system property {@code jwsgi.require}, or else the environment
 * variable {@code JWSGI_REQUIRE}, lists its name (comma-separated) or says {@code all}.
 *
 * <pre>{@code
 * @BeforeAll
 * static void nginx() {
 *     nginx = ExternalProgram.named("nginx").inPackage("nginx-light").find();   // or skip, or fail
 * }
 * }</pre>
 */
public final class ExternalProgram {

    /** Set by Surefire's and Failsafe's booter in the JVMs they fork. */
    static final String SUREFIRE_FORK_PROPERTY = "surefire.real.class.path";

    /** The JVM's own standard error, not the {@code System.err} Surefire redirects. */
    private static final PrintStream BUILD_LOG =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private final String name;
    private final List<String> executables;
    private final String debianPackage;
    private final String override;

    private ExternalProgram(String name, List<String> executables, String debianPackage, String override) {
        this.name = Objects.requireNonNull(name, "name");
        this.executables = List.copyOf(executables);
        this.debianPackage = debianPackage;
        this.override = override;
    }

    /** The program {@code name}, looked up on {@code PATH} (and in {@code /usr/sbin}, where nginx lives). */
    public static ExternalProgram named(String name) {
        return new ExternalProgram(name, List.of(name), name, null);
    }

    /** Other executable names the same program goes by elsewhere ({@code google-chrome} for {@code chromium}). */
    public ExternalProgram orNamed(String... others) {
        List<String> all = new ArrayList<>(executables);
        all.addAll(List.of(others));
        return new ExternalProgram(name, all, debianPackage, override);
    }

    /** The Debian package that installs it, named in the skip message (the program's own name by default). */
    public ExternalProgram inPackage(String debianPackage) {
        return new ExternalProgram(name, executables, debianPackage, override);
    }

    /**
     * An environment variable (such as {@code CHROME_BIN}) that, when set, names the executable
     * instead of the {@code PATH} lookup.
     */
    public ExternalProgram overriddenBy(String environmentVariable) {
        return new ExternalProgram(name, executables, debianPackage, environmentVariable);
    }

    /** The executable, or empty when this machine lacks it. */
    public Optional<Path> lookup() {
        if (override != null) {
            String given = System.getenv(override);
            if (given != null && !given.isBlank()) {
                Path p = Path.of(given);
                return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
            }
        }
        String path = Objects.toString(System.getenv("PATH"), "") + File.pathSeparator + "/usr/sbin"
                + File.pathSeparator + "/usr/local/sbin";
        for (String executable : executables) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                    return Optional.of(Path.of(dir, executable));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The executable. When it is missing, aborts the calling test (JUnit reports it skipped) with a
     * message naming the package, or, when this program is required, fails with that message.
     *
     * @throws AssertionError when the program is missing and required
     */
    public Path find() {
        return find(System.getProperty(SUREFIRE_FORK_PROPERTY) != null ? BUILD_LOG : null);
    }

    /** {@link #find()}, announcing a skip on {@code buildLog} too (when not null). */
    Path find(PrintStream buildLog) {
        Optional<Path> found = lookup();
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not installed (Debian package " + debianPackage + ")"
                + (override != null ? " and " + override + " is not set" : "");
        if (required()) {
            throw new AssertionError(message + "; this build requires it (jwsgi.require / JWSGI_REQUIRE)");
        }
        String notice = "SKIPPED: " + message + ": the tests that need it are skipped;"
                + " set JWSGI_REQUIRE=" + name + " (or all) to make its absence a failure";
        System.err.println(notice);
        if (buildLog != null) {
            announce(notice, buildLog);
        }
        Assumptions.abort(message + ": skipped");
        throw new AssertionError("unreachable");
    }

    /**
     * Writes {@code notice} to the build's console once per program and JVM. Under Surefire and
     * Failsafe ({@code redirectTestOutputToFile}) a test's {@code System.err} goes to its report
     * file only, where nobody reads a skip; the forked JVM's own standard error is copied to the
     * build's console, so the notice is written there too.
     */
    private void announce(String notice, PrintStream buildLog) {
        if (!ANNOUNCED.add(name)) {
            return;
        }
        buildLog.println("[WARNING] jwsgi " + notice);
        buildLog.flush();
    }

    /** Whether the build asks for this program (so its absence fails instead of skipping). */
    public boolean required() {
        String setting = System.getProperty("jwsgi.require");
        if (setting == null || setting.isBlank()) {
            setting = System.getenv("JWSGI_REQUIRE");
        }
        if (setting == null) {
            return false;
        }
        Set<String> names = Arrays.stream(setting.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return names.contains("all") || names.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name + " (" + debianPackage + ")";
    }
}
