package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The complete POMs in docs/testing.md and docs/deployment.md are what a user copies: each pins
 * every plugin of its lifecycle (Maven's defaults run no JUnit 5 test, reject {@code release}
 * and fail on Java 17 with a WAR), lists AssertJ and JUnit, and uses the very versions jwsgi
 * builds with (the parent POM and jwsgi-bom), so a version bump here cannot leave them behind.
 */
class DocsPomTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern XML_BLOCK = Pattern.compile("(?ms)^```xml\\n(.*?)^```$");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final List<String> LIFECYCLE = List.of("maven-clean-plugin", "maven-resources-plugin",
            "maven-compiler-plugin", "maven-surefire-plugin", "maven-install-plugin", "maven-deploy-plugin",
            "maven-site-plugin");

    @ParameterizedTest
    @ValueSource(strings = {"docs/testing.md", "docs/deployment.md"})
    void theCompletePomPinsEveryPluginAtJwsgisVersions(String doc) throws Exception {
        Element pom = completePom(doc);
        Map<String, String> managed = managedVersions();
        String packaging = text(pom, "packaging", "jar");

        Map<String, String> plugins = new HashMap<>();
        for (Element plugin : all(pom, "plugin")) {
            String id = text(plugin, "artifactId", null);
            String version = text(plugin, "version", null);
            assertThat(version).as("%s: %s has no version, so Maven picks an old default", doc, id).isNotNull();
            plugins.put(id, version);
        }
        List<String> needed = new ArrayList<>(LIFECYCLE);
        needed.add(packaging.equals("war") ? "maven-war-plugin" : "maven-jar-plugin");
        assertThat(plugins).as("%s: the plugins of a %s build", doc, packaging).containsKeys(needed.toArray(String[]::new));
        plugins.forEach((id, version) -> assertThat(version)
                .as("%s: %s (jwsgi builds with %s)", doc, id, managed.get(id))
                .isEqualTo(managed.getOrDefault(id, version)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/testing.md", "docs/deployment.md"})
    void theCompletePomListsWhatItsExamplesUseAtJwsgisVersions(String doc) throws Exception {
        Element pom = completePom(doc);
        Map<String, String> managed = managedVersions();
        Map<String, String> dependencies = new HashMap<>();
        for (Element dependency : all(pom, "dependency")) {
            dependencies.put(text(dependency, "artifactId", null), text(dependency, "version", null));
        }
        assertThat(dependencies).as(doc).containsKeys("jwsgi-bom", "jwsgi-adapter", "junit-jupiter", "assertj-core");
        assertThat(dependencies.get("jwsgi-bom")).as("%s: jwsgi-bom's version", doc).isEqualTo(managed.get("jwsgi"));
        dependencies.forEach((id, version) -> {
            if (version != null && !id.equals("jwsgi-bom")) {
                assertThat(version).as("%s: %s (jwsgi builds with %s)", doc, id, managed.get(id))
                        .isEqualTo(managed.getOrDefault(id, version));
            }
        });
    }

    /** The one {@code ```xml} block of the document that is a whole POM. */
    private static Element completePom(String doc) throws Exception {
        Matcher m = XML_BLOCK.matcher(Files.readString(ROOT.resolve(doc)));
        List<String> poms = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains("<project")) {
                poms.add(m.group(1));
            }
        }
        assertThat(poms).as("complete POMs in %s", doc).hasSize(1);
        return parse(poms.get(0).getBytes(StandardCharsets.UTF_8));
    }

    /** artifactId → version of every plugin and dependency the parent POM and jwsgi-bom manage. */
    private static Map<String, String> managedVersions() throws Exception {
        Map<String, String> versions = new HashMap<>();
        Map<String, String> properties = new HashMap<>(); // the parent's, then its child's: inherited
        for (String file : List.of("bom/pom.xml", "pom.xml")) {
            Element pom = parse(Files.readAllBytes(ROOT.resolve(file)));
            for (Element props : all(pom, "properties")) {
                for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        properties.put(e.getTagName(), e.getTextContent().trim());
                    }
                }
            }
            String projectVersion = text(pom, "version", null);
            if (projectVersion == null) {
                projectVersion = text(first(pom, "parent"), "version", null);
            }
            properties.put("project.version", projectVersion);
            versions.put("jwsgi", projectVersion);
            for (String tag : List.of("plugin", "dependency")) {
                for (Element e : all(pom, tag)) {
                    String version = text(e, "version", null);
                    String id = text(e, "artifactId", null);
                    if (version != null && id != null && !id.startsWith("jwsgi")) {
                        versions.putIfAbsent(id, resolve(version, properties));
                    }
                }
            }
        }
        return versions;
    }

    private static String resolve(String value, Map<String, String> properties) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static Element parse(byte[] xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        return doc.getDocumentElement();
    }

    private static List<Element> all(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static Element first(Element root, String tag) {
        return all(root, tag).get(0);
    }

    /** The text of {@code parent}'s own child {@code tag}, or {@code otherwise}. */
    private static String text(Element parent, String tag, String otherwise) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        return otherwise;
    }
}
