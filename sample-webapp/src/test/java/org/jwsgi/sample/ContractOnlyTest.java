package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample is the proof that an application needs only the contract: its classes may use
 * {@code org.jwsgi} and the packages an application is written with (helpers, forms, middleware,
 * static files), nothing of the servers, the servlet bridge or a container. {@code Main} alone
 * hands over to the CLI.
 */
class ContractOnlyTest {

    private static final List<String> APPLICATION_PACKAGES = List.of("org.jwsgi", "org.jwsgi.util", "org.jwsgi.form",
            "org.jwsgi.middleware", "org.jwsgi.staticfiles", "org.jwsgi.sample");
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.jwsgi(?:\\.[a-z]+)*)\\.[A-Z]|\\b(jakarta|org\\.eclipse|org\\.apache)\\.");

    @Test
    void sampleClassesUseOnlyTheContractAndItsUtilities() throws Exception {
        Path sources = Path.of("src/main/java/org/jwsgi/sample");
        List<String> offences = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(sources)) {
            files = list.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).as("the scan found the sources").hasSizeGreaterThan(5);
        for (Path file : files) {
            if (file.getFileName().toString().equals("Main.java")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                String pkg = m.group(1);
                if (pkg == null || !APPLICATION_PACKAGES.contains(pkg)) {
                    offences.add(file.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(offences).isEmpty();
    }
}
