package org.jwsgi.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule list cannot drift: every {@link Rule} is listed in Validator's Javadoc, is a row of
 * docs/validator.md's table (side and description as the enum says), and is broken on purpose by
 * at least one test in this package (one that hands {@code Rule.X} to {@code violates} or
 * {@code broken}, which assert the violation thrown).
 */
class RuleListTest {

    private static final Path SOURCE = Path.of("src/main/java/org/jwsgi/validate/Validator.java");
    private static final Path DOC = Path.of("../docs/validator.md");
    private static final Path TESTS = Path.of("src/test/java/org/jwsgi/validate");

    /** The docs table row of {@code rule}: what the table in docs/validator.md must hold. */
    static String row(Rule rule) {
        return "| `" + rule.name() + "` | " + rule.side() + " | " + rule.description().replace("|", "\\|") + " |";
    }

    @Test
    void validatorJavadocListsEveryRule() throws IOException {
        String source = Files.readString(SOURCE);
        String javadoc = source.substring(0, source.indexOf("public final class Validator"));
        List<Rule> missing = Stream.of(Rule.values())
                .filter(r -> !javadoc.contains("<li>{@code " + r.name() + "} (" + (r.side() == Rule.Side.SERVER ? "S" : "A") + ")"))
                .toList();
        assertThat(missing).as("rules missing from Validator's Javadoc, or with the wrong side").isEmpty();
    }

    @Test
    void docsTableHasARowPerRule() throws IOException {
        String doc = Files.readString(DOC);
        List<String> missing = Stream.of(Rule.values()).map(RuleListTest::row).filter(r -> !doc.contains(r)).toList();
        assertThat(missing).as("rows docs/validator.md lacks (paste them into its table):%n%s",
                String.join("\n", missing)).isEmpty();
    }

    @Test
    void everyRuleIsBrokenByATest() throws IOException {
        StringBuilder tests = new StringBuilder();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.list(TESTS)) {
            walk.filter(p -> !p.endsWith("RuleListTest.java")).forEach(files::add);
        }
        for (Path p : files) {
            tests.append(Files.readString(p));
        }
        String all = tests.toString();
        assertThat(Stream.of(Rule.values()).filter(r -> !all.contains("(Rule." + r.name() + ",")).map(Rule::name).collect(Collectors.toList()))
                .as("rules no test breaks").isEmpty();
    }
}
