package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * What the build packs: the WAR carries the application and jwsgi-adapter only (a container brings
 * the servlet API, and Jetty or Tomcat jars inside a WAR clash with the container's own), while
 * {@code sample-webapp-app.jar}'s class path ({@code target/lib/}) carries Jetty and Tomcat for
 * {@code --server jetty|tomcat}.
 */
class PackagingIT {

    private static final Path WAR = Path.of(System.getProperty("sample.war"));
    private static final Path LIB = Path.of(System.getProperty("sample.lib"));

    @Test
    void warLibHoldsOnlyTheAdapter() throws Exception {
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            List<String> lib = war.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("WEB-INF/lib/") && !n.equals("WEB-INF/lib/")).toList();
            assertThat(lib).singleElement().asString().matches("WEB-INF/lib/jwsgi-adapter-[^/]+\\.jar");
            // nor any container class unpacked into WEB-INF/classes
            assertThat(war.stream().map(ZipEntry::getName))
                    .noneMatch(n -> n.matches("WEB-INF/classes/(jakarta|org/eclipse|org/apache)/.*"));
            try (InputStream adapter = war.getInputStream(war.getEntry(lib.get(0)));
                    java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(adapter)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                    assertThat(e.getName()).as("adapter jar entry").doesNotStartWith("jakarta/").doesNotStartWith("org/eclipse/")
                            .doesNotStartWith("org/apache/");
                }
            }
        }
    }

    @Test
    void webXmlWiresTheSampleIntoWsgiServletAtTheRoot() throws Exception {
        try (ZipFile war = new ZipFile(WAR.toFile()); InputStream in = war.getInputStream(war.getEntry("WEB-INF/web.xml"))) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(in);
            var root = doc.getDocumentElement();
            assertThat(root.getNamespaceURI()).isEqualTo("https://jakarta.ee/xml/ns/jakartaee");
            assertThat(root.getAttribute("version")).isEqualTo("6.0");
            assertThat(text(doc, "servlet-class")).isEqualTo("org.jwsgi.servlet.WsgiServlet");
            assertThat(text(doc, "param-name")).isEqualTo("application");
            assertThat(text(doc, "param-value")).isEqualTo(SampleApp.class.getName());
            assertThat(text(doc, "url-pattern")).isEqualTo("/*");
            assertThat(war.getEntry("WEB-INF/classes/org/jwsgi/sample/SampleApp.class")).isNotNull();
            assertThat(war.getEntry("WEB-INF/classes/org/jwsgi/sample/static/app.css")).isNotNull();
        }
    }

    @Test
    void appJarClassPathCarriesJettyTomcatAndOneServletApi() throws Exception {
        List<String> classPath;
        try (JarFile jar = new JarFile(System.getProperty("sample.app.jar"))) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
            classPath = Arrays.asList(jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "));
        }
        assertThat(classPath).anyMatch(e -> e.matches("lib/jwsgi-adapter-.*\\.jar"))
                .anyMatch(e -> e.matches("lib/jetty-server-12\\..*\\.jar"))
                .anyMatch(e -> e.matches("lib/jetty-ee10-servlet-12\\..*\\.jar"))
                .anyMatch(e -> e.matches("lib/tomcat-embed-core-11\\..*\\.jar"))
                // tomcat-embed-core is the one jakarta.servlet provider (see the pom): no second copy
                .noneMatch(e -> e.contains("servlet-api"));
        for (String entry : classPath) {
            assertThat(LIB.resolve(entry.substring("lib/".length()))).as("a jar the manifest names").isRegularFile();
        }
        List<String> servletApiCarriers;
        try (Stream<Path> jars = Files.list(LIB)) {
            servletApiCarriers = jars.filter(p -> classPath.contains("lib/" + p.getFileName()))
                    .filter(PackagingIT::hasServletApi).map(p -> p.getFileName().toString()).toList();
        }
        assertThat(servletApiCarriers).singleElement().asString().startsWith("tomcat-embed-core-");
    }

    private static boolean hasServletApi(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("jakarta/servlet/http/HttpServlet.class") != null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(Document doc, String tag) {
        var nodes = doc.getElementsByTagNameNS("https://jakarta.ee/xml/ns/jakartaee", tag);
        assertThat(nodes.getLength()).as("<" + tag + "> elements").isEqualTo(1);
        return nodes.item(0).getTextContent().strip();
    }
}
