package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's package table, enforced by a plain scan of the imports in src/main/java: the
 * contract knows nothing of servlets or Jetty, dependencies point one way.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/org/jwsgi");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** For each package: the prefixes of what it may import besides java.* and itself. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "org.jwsgi", List.of(),
            "org.jwsgi.server", List.of("org.jwsgi."),
            "org.jwsgi.validate", List.of("org.jwsgi."),
            "org.jwsgi.util", List.of("org.jwsgi."),
            "org.jwsgi.servlet", List.of("org.jwsgi.", "jakarta.servlet."),
            "org.jwsgi.backend", List.of("org.jwsgi.", "jakarta.servlet.", "org.eclipse.jetty.", "org.apache.catalina.",
                    "org.apache.tomcat.", "org.apache.coyote."),
            "org.jwsgi.testing", List.of("org.jwsgi.", "org.junit."),
            "org.jwsgi.cli", List.of("org.jwsgi."));

    /** What a package may never import, even where the prefix above allows it. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "org.jwsgi", List.of("org.jwsgi.server.", "org.jwsgi.servlet.", "org.jwsgi.util.", "org.jwsgi.backend."),
            "org.jwsgi.server", List.of("org.jwsgi.servlet.", "org.jwsgi.backend.", "org.jwsgi.testing.", "org.jwsgi.cli."),
            "org.jwsgi.util", List.of("org.jwsgi.server.", "org.jwsgi.servlet.", "org.jwsgi.backend.", "org.jwsgi.cli."),
            "org.jwsgi.validate", List.of("org.jwsgi.server.", "org.jwsgi.servlet.", "org.jwsgi.backend."),
            "org.jwsgi.servlet", List.of("org.jwsgi.server.", "org.jwsgi.backend.", "org.jwsgi.cli."),
            "org.jwsgi.backend", List.of("org.jwsgi.testing.", "org.jwsgi.cli."),
            "org.jwsgi.testing", List.of("org.jwsgi.cli.", "org.eclipse.jetty.", "org.apache.catalina."),
            "org.jwsgi.cli", List.of("org.jwsgi.servlet.", "org.jwsgi.testing.", "org.eclipse.jetty.", "org.apache.catalina."));

    @Test
    void packagesImportOnlyWhatTheDesignAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String pkg = source.replaceFirst("(?s).*?^package\\s+([\\w.]+);.*", "$1");
                Matcher m = IMPORT.matcher(source);
                while (m.find()) {
                    String imported = m.group(1);
                    if (!allowed(pkg, imported)) {
                        violations.add(MAIN.relativize(file) + " imports " + imported);
                    }
                }
                // fully qualified references dodge imports; catch the ones that matter
                for (String banned : FORBIDDEN.getOrDefault(pkg, List.of())) {
                    if (source.replaceAll("(?m)^import .*$", "").contains(banned)) {
                        violations.add(MAIN.relativize(file) + " refers to " + banned + "*");
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).count()).isGreaterThan(20);
        }
    }

    private static boolean allowed(String pkg, String imported) {
        if (imported.startsWith("java.") || imported.startsWith(pkg + ".") && isClassOf(pkg, imported)) {
            return true;
        }
        if (FORBIDDEN.getOrDefault(pkg, List.of()).stream().anyMatch(imported::startsWith)) {
            return false;
        }
        List<String> prefixes = ALLOWED.get(pkg);
        return prefixes == null || prefixes.stream().anyMatch(imported::startsWith);
    }

    private static boolean isClassOf(String pkg, String imported) {
        String rest = imported.substring(pkg.length() + 1);
        return !rest.isEmpty() && Character.isUpperCase(rest.charAt(0));
    }
}
