package org.jwsgi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The NOTICE file must name everything jwsgi-cli.jar bundles: a dependency added to the CLI (the
 * way Micrometer and the Prometheus client came with {@code --metrics}) fails this until NOTICE
 * lists it, and the licence files NOTICE points to must be in the jar.
 */
class CliJarNoticeIT {

    private static final Path JAR = Path.of(System.getProperty("jwsgi.cli.jar", "target/jwsgi-cli.jar"));
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noticeNamesEveryBundledArtifactAndEveryBundledPackage() throws IOException {
        String notice = Files.readString(REPO.resolve("NOTICE"));
        Set<String> artifacts = new TreeSet<>();
        Set<String> packages = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(name -> {
                String[] parts = name.split("/");
                if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")
                        && !parts[2].equals("org.jwsgi")) {
                    artifacts.add(parts[3]); // META-INF/maven/GROUP/ARTIFACT/pom.properties
                } else if (name.endsWith(".class") && !name.startsWith("META-INF/") && parts.length > 2
                        && !name.startsWith("org/jwsgi/")) {
                    packages.add(parts[0] + "." + parts[1] + "."); // jakarta.servlet., org.HdrHistogram.
                }
            });
        }
        assertThat(artifacts).as("bundled artifacts").contains("jetty-server", "HdrHistogram", "slf4j-api");
        assertThat(packages).as("bundled packages").contains("org.eclipse.", "org.apache.", "io.micrometer.", "io.prometheus.");
        assertThat(artifacts).as("bundled artifacts that NOTICE does not name")
                .filteredOn(a -> !notice.contains(a)).isEmpty();
        assertThat(packages).as("bundled packages that NOTICE does not name")
                .filteredOn(p -> !notice.contains(p)).isEmpty();
    }

    @Test
    void theLicenceFilesNoticePointsToAreInTheJarAndTheTopOnesAreJwsgis() throws IOException {
        String notice = Files.readString(REPO.resolve("NOTICE"));
        Set<String> pointedTo = new TreeSet<>();
        var m = java.util.regex.Pattern.compile("META-INF/licenses/[A-Za-z0-9._/-]*[A-Za-z0-9]").matcher(notice);
        while (m.find()) {
            pointedTo.add(m.group());
        }
        assertThat(pointedTo).hasSizeGreaterThanOrEqualTo(4);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String path : pointedTo) {
                // a file (META-INF/licenses/slf4j-api/LICENSE.txt) or a directory of them
                boolean found = jar.getEntry(path) != null && !jar.getEntry(path).isDirectory()
                        || jar.stream().anyMatch(e -> e.getName().startsWith(path + "/") && !e.isDirectory());
                assertThat(found).as("%s, which NOTICE points to, is in %s", path, JAR).isTrue();
            }
            assertThat(text(jar, "META-INF/NOTICE")).isEqualTo(Files.readString(REPO.resolve("NOTICE")));
            assertThat(text(jar, "META-INF/LICENSE")).isEqualTo(Files.readString(REPO.resolve("LICENSE")));
            assertThat(jar.getEntry("META-INF/LICENSE.txt")).as("a bundled project's licence at the top, "
                    + "where it reads as jwsgi's: it belongs under META-INF/licenses/").isNull();
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
