package org.jwsgi.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Central} on small made-up reactors: each thing Central refuses is found and named. */
class CentralTest {

    @TempDir
    Path root;

    private static final String PARENT = """
            <project>
              <groupId>org.example</groupId><artifactId>x-parent</artifactId><version>%s</version>
              <packaging>pom</packaging><name>x</name><description>d</description>
              %s
              <modules><module>lib</module><module>bom</module><module>demo</module></modules>
            </project>
            """;
    private static final String METADATA = """
            <url>https://example.org/x</url>
            <licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses>
            <developers><developer><name>Someone</name></developer></developers>
            <scm><url>https://example.org/x</url><connection>scm:git:https://example.org/x.git</connection></scm>
            """;
    private static final String LIB = """
            <project>
              <parent><groupId>org.example</groupId><artifactId>x-parent</artifactId><version>%s</version></parent>
              <artifactId>x-lib</artifactId><name>lib</name>%s
            </project>
            """;
    private static final String BOM = """
            <project>
              <parent><groupId>org.example</groupId><artifactId>x-parent</artifactId><version>1.0</version></parent>
              <artifactId>jwsgi-bom</artifactId><packaging>pom</packaging><name>bom</name><description>b</description>
              <dependencyManagement><dependencies>%s</dependencies></dependencyManagement>
            </project>
            """;
    private static final String DEMO = """
            <project>
              <parent><groupId>org.example</groupId><artifactId>x-parent</artifactId><version>1.0</version></parent>
              <artifactId>x-demo</artifactId><name>demo</name>
              <properties><maven.deploy.skip>true</maven.deploy.skip></properties>
            </project>
            """;

    private void reactor(String version, String metadata, String libDescription, String bomEntries) throws IOException {
        Files.writeString(root.resolve("pom.xml"), PARENT.formatted(version, metadata));
        Files.createDirectories(root.resolve("lib/target"));
        Files.writeString(root.resolve("lib/pom.xml"), LIB.formatted(version, libDescription));
        Files.createDirectories(root.resolve("bom"));
        Files.writeString(root.resolve("bom/pom.xml"), BOM.formatted(bomEntries));
        Files.createDirectories(root.resolve("demo"));
        Files.writeString(root.resolve("demo/pom.xml"), DEMO);
    }

    private void jars(String version, boolean withModuleName) throws IOException {
        Path target = root.resolve("lib/target");
        jar(target.resolve("x-lib-" + version + ".jar"), withModuleName, "x/Lib.class", "META-INF/LICENSE");
        jar(target.resolve("x-lib-" + version + "-sources.jar"), false, "x/Lib.java");
        jar(target.resolve("x-lib-" + version + "-javadoc.jar"), false, "index.html");
    }

    private static void jar(Path file, boolean withModuleName, String... entries) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (withModuleName) {
            mf.getMainAttributes().putValue("Automatic-Module-Name", "x.lib");
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (String e : entries) {
                jar.putNextEntry(new ZipEntry(e));
                jar.write(1);
                jar.closeEntry();
            }
        }
    }

    private static final String LISTED = "<dependency><artifactId>x-lib</artifactId></dependency>";

    @Test
    void aCompleteReactorPassesAndItsUnpublishedModuleIsLeftOut() throws IOException {
        reactor("1.0", METADATA, "<description>l</description>", LISTED);
        jars("1.0", true);

        assertThat(Central.problems(root, false)).isEmpty();
        assertThat(Central.published(root)).extracting(Central.Module::artifactId)
                .containsExactly("x-parent", "x-lib", "jwsgi-bom");
    }

    @Test
    void namesEachMissingPomElement() throws IOException {
        reactor("1.0", "<url>https://example.org/x</url>", "", LISTED);
        jars("1.0", true);

        assertThat(Central.problems(root, false)).contains(
                "x-lib: the POM has no <description> (nor has a parent)",
                "x-lib: the POM has no <licenses/license/name> (nor has a parent)",
                "x-lib: the POM has no <developers/developer/name> (nor has a parent)",
                "x-lib: the POM has no <scm/connection> (nor has a parent)",
                "x-parent: the POM has no <scm/url> (nor has a parent)");
    }

    @Test
    void wantsSourcesJavadocAModuleNameAndSignatures() throws IOException {
        reactor("1.0", METADATA, "<description>l</description>", LISTED);
        jars("1.0", false);
        Files.delete(root.resolve("lib/target/x-lib-1.0-javadoc.jar"));

        assertThat(Central.problems(root, true)).contains(
                "x-lib: no x-lib-1.0-javadoc.jar in " + root.resolve("lib/target"),
                "x-lib: x-lib-1.0.jar has no Automatic-Module-Name in its manifest",
                "x-lib: no signature x-lib-1.0.jar.asc in " + root.resolve("lib/target") + " or its gpg/",
                "x-parent: no signature x-parent-1.0.pom.asc in " + root.resolve("target") + " or its gpg/");
    }

    @Test
    void refusesASnapshotInARelease() throws IOException {
        reactor("1.0", METADATA, "<description>l</description><dependencies><dependency><groupId>y</groupId>"
                + "<artifactId>y</artifactId><version>2.0-SNAPSHOT</version></dependency></dependencies>", LISTED);
        jars("1.0", true);

        assertThat(Central.problems(root, false))
                .containsExactly("x-lib: release 1.0, but a POM it is built from names a SNAPSHOT");
    }

    @Test
    void theBomListsExactlyThePublishedArtifacts() throws IOException {
        reactor("1.0", METADATA, "<description>l</description>", "<dependency><artifactId>x-demo</artifactId></dependency>");
        jars("1.0", true);

        assertThat(Central.problems(root, false)).containsExactly(
                "jwsgi-bom does not list the published artifact x-lib",
                "jwsgi-bom lists x-demo, which is not a published module");
    }
}
