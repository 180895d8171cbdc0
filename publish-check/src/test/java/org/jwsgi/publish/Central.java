package org.jwsgi.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What Maven Central checks on a deployment, applied to a built reactor: for each published module
 * (every module of the root POM, and the root itself, unless its POM sets
 * {@code maven.deploy.skip} to {@code true}), the POM and the files in its target/ directory.
 * Central reads the POMs as deployed (not the effective model) and follows each one's parent, so
 * this does the same: an element may come from a parent, which is then published too.
 *
 * <ul>
 *   <li>the POM: groupId, artifactId, version, {@code name} and {@code description} (its own),
 *       url, a licence with a name and a url, a developer with a name, scm with url and connection;
 *       no unresolved {@code ${...}} in the coordinates;</li>
 *   <li>a jar packaging (not {@code pom}): the jar, a {@code -sources.jar} and a {@code -javadoc.jar},
 *       each a readable zip that is not empty; the jar's manifest names an
 *       {@code Automatic-Module-Name} and it carries META-INF/LICENSE;</li>
 *   <li>when signing: a {@code .asc} signature next to each of those files and the POM;</li>
 *   <li>for a release version: no {@code SNAPSHOT} anywhere in a published POM;</li>
 *   <li>jwsgi-bom lists every published artifact but the parent POMs, and nothing else.</li>
 * </ul>
 */
final class Central {

    static final String BOM = "jwsgi-bom";

    private Central() {
    }

    /** A published module: its directory and its POM. */
    record Module(Path dir, Element pom) {
        String artifactId() {
            return text(pom, "artifactId").orElse("?");
        }

        String packaging() {
            return text(pom, "packaging").orElse("jar");
        }
    }

    /** The modules {@code root}'s POM publishes, the root included, in the order the POM names them. */
    static List<Module> published(Path root) {
        List<Module> all = new ArrayList<>();
        Element rootPom = parse(root.resolve("pom.xml"));
        all.add(new Module(root, rootPom));
        for (Element m : children(child(rootPom, "modules"), "module")) {
            Path dir = root.resolve(m.getTextContent().strip());
            all.add(new Module(dir, parse(dir.resolve("pom.xml"))));
        }
        all.removeIf(m -> text(child(m.pom(), "properties"), "maven.deploy.skip").orElse("false").equals("true"));
        return all;
    }

    /** Every problem Central would refuse, one line each; empty when all is well. */
    static List<String> problems(Path root, boolean signed) {
        List<String> problems = new ArrayList<>();
        List<Module> modules = published(root);
        for (Module m : modules) {
            problems.addAll(pomProblems(m));
            problems.addAll(fileProblems(m, signed));
        }
        problems.addAll(bomProblems(modules));
        return problems;
    }

    static List<String> pomProblems(Module m) {
        List<String> problems = new ArrayList<>();
        String id = m.artifactId();
        List<Element> chain = chain(m.dir().resolve("pom.xml"), m.pom());
        Map<String, Optional<String>> required = new LinkedHashMap<>();
        required.put("groupId", inherited(chain, e -> text(e, "groupId").or(() -> text(child(e, "parent"), "groupId"))));
        required.put("version", inherited(chain, e -> text(e, "version").or(() -> text(child(e, "parent"), "version"))));
        required.put("name", text(m.pom(), "name"));
        required.put("description", text(m.pom(), "description"));
        required.put("url", inherited(chain, e -> text(e, "url")));
        required.put("licenses/license/name", inherited(chain, e -> text(child(child(e, "licenses"), "license"), "name")));
        required.put("licenses/license/url", inherited(chain, e -> text(child(child(e, "licenses"), "license"), "url")));
        required.put("developers/developer/name",
                inherited(chain, e -> text(child(child(e, "developers"), "developer"), "name")));
        required.put("scm/url", inherited(chain, e -> text(child(e, "scm"), "url")));
        required.put("scm/connection", inherited(chain, e -> text(child(e, "scm"), "connection")));
        required.forEach((element, value) -> {
            if (value.isEmpty() || value.get().isBlank()) {
                problems.add(id + ": the POM has no <" + element + "> (nor has a parent)");
            } else if ((element.equals("groupId") || element.equals("version")) && value.get().contains("${")) {
                problems.add(id + ": <" + element + "> " + value.get() + " is not a plain value");
            }
        });
        String version = required.get("version").orElse("");
        if (!version.endsWith("-SNAPSHOT")) {
            for (Element e : chain) {
                if (e.getTextContent().contains("SNAPSHOT")) {
                    problems.add(id + ": release " + version + ", but a POM it is built from names a SNAPSHOT");
                    break;
                }
            }
        }
        return problems;
    }

    static List<String> fileProblems(Module m, boolean signed) {
        List<String> problems = new ArrayList<>();
        String id = m.artifactId();
        String version = inherited(chain(m.dir().resolve("pom.xml"), m.pom()),
                e -> text(e, "version").or(() -> text(child(e, "parent"), "version"))).orElse("?");
        Path target = m.dir().resolve("target");
        List<Path> files = new ArrayList<>();
        if (!m.packaging().equals("pom")) {
            String base = id + "-" + version;
            for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
                Path jar = target.resolve(base + suffix);
                files.add(jar);
                problems.addAll(jarProblems(id, jar, suffix.equals(".jar")));
            }
        }
        if (signed) {
            files.add(m.dir().resolve("pom.xml"));
            for (Path f : files) {
                String name = f.getFileName().toString().equals("pom.xml") ? id + "-" + version + ".pom"
                        : f.getFileName().toString();
                Path gpg = target.resolve("gpg").resolve(name + ".asc");
                if (!Files.isRegularFile(gpg) && !Files.isRegularFile(target.resolve(name + ".asc"))) {
                    problems.add(id + ": no signature " + name + ".asc in " + target + " or its gpg/");
                }
            }
        }
        return problems;
    }

    private static List<String> jarProblems(String id, Path jar, boolean main) {
        if (!Files.isRegularFile(jar)) {
            return List.of(id + ": no " + jar.getFileName() + " in " + jar.getParent());
        }
        List<String> problems = new ArrayList<>();
        try (JarFile zip = new JarFile(jar.toFile())) {
            if (zip.stream().noneMatch(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/"))) {
                problems.add(id + ": " + jar.getFileName() + " holds nothing but META-INF/");
            }
            if (main) {
                Manifest mf = zip.getManifest();
                String name = mf == null ? null : mf.getMainAttributes().getValue("Automatic-Module-Name");
                if (name == null || name.isBlank()) {
                    problems.add(id + ": " + jar.getFileName() + " has no Automatic-Module-Name in its manifest");
                }
                ZipEntry license = zip.getEntry("META-INF/LICENSE");
                if (license == null) {
                    problems.add(id + ": " + jar.getFileName() + " has no META-INF/LICENSE");
                }
            }
        } catch (IOException e) {
            problems.add(id + ": " + jar.getFileName() + " is not a readable jar: " + e.getMessage());
        }
        return problems;
    }

    /** jwsgi-bom's dependencyManagement: exactly the published artifacts that are not parent POMs. */
    static List<String> bomProblems(List<Module> modules) {
        Optional<Module> bom = modules.stream().filter(m -> m.artifactId().equals(BOM)).findFirst();
        if (bom.isEmpty()) {
            return List.of("no published module is " + BOM);
        }
        List<String> listed = children(child(child(bom.get().pom(), "dependencyManagement"), "dependencies"), "dependency")
                .stream().map(d -> text(d, "artifactId").orElse("?")).toList();
        List<String> expected = modules.stream().filter(m -> !m.packaging().equals("pom")).map(Module::artifactId).toList();
        List<String> problems = new ArrayList<>();
        for (String a : expected) {
            if (!listed.contains(a)) {
                problems.add(BOM + " does not list the published artifact " + a);
            }
        }
        for (String a : listed) {
            if (!expected.contains(a)) {
                problems.add(BOM + " lists " + a + ", which is not a published module");
            }
        }
        return problems;
    }

    /** The POM and its parents, nearest first, as far as they are in this source tree. */
    private static List<Element> chain(Path pomFile, Element pom) {
        List<Element> chain = new ArrayList<>(List.of(pom));
        Path file = pomFile;
        Element current = pom;
        for (Element parent = child(current, "parent"); parent != null; parent = child(current, "parent")) {
            Path next = file.getParent().resolve(text(parent, "relativePath").orElse("../pom.xml")).normalize();
            if (Files.isDirectory(next)) {
                next = next.resolve("pom.xml");
            }
            if (!Files.isRegularFile(next)) {
                break;
            }
            current = parse(next);
            file = next;
            chain.add(current);
        }
        return chain;
    }

    private static Optional<String> inherited(List<Element> chain, java.util.function.Function<Element, Optional<String>> get) {
        return chain.stream().map(get).flatMap(Optional::stream).findFirst();
    }

    private static Element parse(Path pom) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            Document d = f.newDocumentBuilder().parse(pom.toFile());
            return d.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element e, String name) {
        if (e == null) {
            return null;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e, String name) {
        List<Element> all = new ArrayList<>();
        if (e != null) {
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c && c.getTagName().equals(name)) {
                    all.add(c);
                }
            }
        }
        return all;
    }

    private static Optional<String> text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? Optional.empty() : Optional.of(c.getTextContent().strip());
    }
}
