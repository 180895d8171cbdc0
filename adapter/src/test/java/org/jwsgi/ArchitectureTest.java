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
 * docs/architecture.md's package table, enforced by a plain scan of src/main/java: the contract
 * knows nothing else, each package uses only the packages below it, and the contract stays small.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/org/jwsgi");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(org\\.jwsgi(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

    private static final String SERVLET = "jakarta.servlet.";
    /** JSSE: the JDK's TLS, outside {@code java.*}. */
    private static final String JSSE = "javax.net.ssl.";
    private static final List<String> CONTAINERS = List.of("org.eclipse.jetty.", "org.apache.catalina.",
            "org.apache.tomcat.", "org.apache.coyote.");

    /**
     * docs/architecture.md's package table: for each package, the jwsgi packages it may use and
     * the outside prefixes besides {@code java.*}. Every other {@code org.jwsgi} package is
     * forbidden to it, imported or written out in full.
     */
    private static final Map<String, Rule> RULES = Map.ofEntries(
            rule("org.jwsgi", List.of()),
            rule("org.jwsgi.gateway", List.of("org.jwsgi"), "jdk.jfr."),
            rule("org.jwsgi.options", List.of("org.jwsgi", "org.jwsgi.gateway")),
            rule("org.jwsgi.util", List.of("org.jwsgi", "org.jwsgi.gateway")),
            rule("org.jwsgi.form", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.util")),
            rule("org.jwsgi.middleware", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.util", "org.jwsgi.form")),
            rule("org.jwsgi.staticfiles", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.util")),
            rule("org.jwsgi.validate", List.of("org.jwsgi", "org.jwsgi.gateway")),
            rule("org.jwsgi.tls", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.options"), JSSE),
            rule("org.jwsgi.server", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.options", "org.jwsgi.tls"), JSSE),
            rule("org.jwsgi.servlet", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.options"), SERVLET),
            rule("org.jwsgi.backend", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.options", "org.jwsgi.tls",
                    "org.jwsgi.server", "org.jwsgi.servlet"), concat(List.of(SERVLET, JSSE), CONTAINERS)),
            rule("org.jwsgi.metrics", List.of("org.jwsgi", "org.jwsgi.gateway"), "io.micrometer."),
            rule("org.jwsgi.testing", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.options", "org.jwsgi.backend",
                    "org.jwsgi.validate"), "org.junit.", "org.opentest4j."),
            rule("org.jwsgi.cli", List.of("org.jwsgi", "org.jwsgi.gateway", "org.jwsgi.options", "org.jwsgi.tls",
                    "org.jwsgi.backend", "org.jwsgi.server", "org.jwsgi.util", "org.jwsgi.middleware", "org.jwsgi.metrics"),
                    "io.micrometer.", "org.slf4j."));

    private record Rule(List<String> jwsgi, List<String> outside) {
    }

    private static Map.Entry<String, Rule> rule(String pkg, List<String> jwsgi, String... outside) {
        return rule(pkg, jwsgi, List.of(outside));
    }

    private static Map.Entry<String, Rule> rule(String pkg, List<String> jwsgi, List<String> outside) {
        return Map.entry(pkg, new Rule(jwsgi, outside));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void packagesImportOnlyWhatTheDesignAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String pkg = source.replaceFirst("(?s).*?^package\\s+([\\w.]+);.*", "$1");
                Rule rule = RULES.get(pkg);
                if (rule == null) {
                    violations.add(MAIN.relativize(file) + " is in package " + pkg + ", which the table does not list");
                    continue;
                }
                Matcher m = IMPORT.matcher(source);
                while (m.find()) {
                    String imported = m.group(1);
                    if (!allowed(pkg, rule, imported)) {
                        violations.add(MAIN.relativize(file) + " imports " + imported);
                    }
                }
                // fully qualified references dodge imports
                Matcher q = QUALIFIED.matcher(code(source));
                while (q.find()) {
                    String used = q.group(1);
                    if (!used.equals(pkg) && !rule.jwsgi().contains(used)) {
                        violations.add(MAIN.relativize(file) + " refers to " + used + "." + q.group(2));
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** docs/architecture.md's package table says what this test enforces, package by package. */
    @Test
    void theArchitecturePageListsTheSameRules() throws IOException {
        Map<String, List<String>> documented = new java.util.TreeMap<>();
        Pattern row = Pattern.compile("^\\| `(org\\.jwsgi[\\w.]*)` \\|.*\\| ([^|]+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(Path.of("../docs/architecture.md")));
        while (m.find()) {
            List<String> uses = new ArrayList<>();
            for (String word : m.group(2).split(",")) {
                String w = word.strip();
                if (w.equals("contract")) {
                    uses.add("org.jwsgi");
                } else if (w.matches("[a-z]+") && !w.equals("nothing")) {
                    uses.add("org.jwsgi." + w);
                }
            }
            documented.put(m.group(1), uses);
        }
        Map<String, List<String>> enforced = new java.util.TreeMap<>();
        RULES.forEach((pkg, rule) -> enforced.put(pkg, rule.jwsgi()));
        assertThat(documented).isEqualTo(enforced);
    }

    @Test
    void theContractHasAtMostEightPublicTypes() throws IOException {
        List<String> publicTypes = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Pattern.compile("^public ", Pattern.MULTILINE).matcher(Files.readString(file)).find()) {
                    publicTypes.add(file.getFileName().toString());
                }
            }
        }
        assertThat(publicTypes).hasSizeLessThanOrEqualTo(8).contains("Application.java", "StartResponse.java");
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).count()).isGreaterThan(20);
        }
    }

    private static boolean allowed(String pkg, Rule rule, String imported) {
        if (imported.startsWith("java.")) {
            return true;
        }
        if (imported.startsWith("org.jwsgi.") || imported.startsWith("org.jwsgi")) {
            String target = packageOf(imported);
            return target.equals(pkg) || rule.jwsgi().contains(target);
        }
        return rule.outside().stream().anyMatch(imported::startsWith);
    }

    /** {@code source} without its package line, imports, comments and string or char literals. */
    private static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int n = source.length();
        for (int i = 0; i < n; i++) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                i = Math.max(i, source.indexOf('\n', i) < 0 ? n : source.indexOf('\n', i)) - 1;
                i++;
                out.append('\n');
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int close = source.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 1;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j;
                out.append(c).append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString().replaceAll("(?m)^(import|package) .*$", "");
    }

    /** The package of an imported name: what comes before the first upper-case segment. */
    private static String packageOf(String imported) {
        StringBuilder pkg = new StringBuilder();
        for (String part : imported.split("\\.")) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.append(pkg.length() == 0 ? "" : ".").append(part);
        }
        return pkg.toString();
    }
}
