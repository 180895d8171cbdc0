package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles as shown, imports included,
 * against the adapter and its test class path (JUnit, AssertJ, Jetty, Tomcat): a reader can copy
 * one into a project. All blocks are compiled together, as one project, so a block may use a class
 * another defines (docs/testing.md's {@code GreetingApp}, say); each type name is therefore used
 * once across the documents. A block that is deliberately a fragment has an HTML comment
 * {@code <!-- fragment -->} on the line before it; keep those rare.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern BLOCK = Pattern.compile("(?m)^(<!-- fragment -->\\n)?```java\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile(
            "(?m)^(?:public |final |abstract |sealed |non-sealed )*(?:class|interface|record|enum|@interface)\\s+(\\w+)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");

    record Snippet(Path doc, int line, String code) {
        @Override
        public String toString() {
            return ROOT.relativize(doc) + ":" + line;
        }
    }

    static Stream<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs.stream();
    }

    /** The document's java blocks, fragments left out. */
    static List<Snippet> snippets(Path doc) throws IOException {
        String text = Files.readString(doc);
        List<Snippet> all = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1) == null) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                all.add(new Snippet(doc, line, m.group(2)));
            }
        }
        return all;
    }

    @Test
    void everyJavaBlockCompilesAsShown(@TempDir Path out) throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        for (Path doc : documents().toList()) {
            snippets.addAll(snippets(doc));
        }
        assertThat(snippets).as("java blocks found").hasSizeGreaterThan(10);
        List<JavaFileObject> sources = new ArrayList<>();
        for (Snippet s : snippets) {
            Matcher type = TYPE.matcher(s.code());
            assertThat(type.find()).as("%s declares no class, interface or record: a fragment? Mark it with"
                    + " <!-- fragment --> on the line before, or make it a whole compilation unit", s).isTrue();
            Matcher pkg = PACKAGE.matcher(s.code());
            String name = (pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "") + type.group(1);
            sources.add(new Source(name, s));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean ok = javac.getTask(new StringWriter(), files, diagnostics, List.of("-d", out.toString(), "-cp",
                    System.getProperty("java.class.path"), "-proc:none", "-Xlint:-options", "--release", "17"),
                    null, sources).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR && d.getSource() instanceof Source src) {
                    errors.add(src.snippet.doc().getFileName() + ":" + (src.snippet.line() + d.getLineNumber())
                            + ": " + d.getMessage(Locale.ROOT));
                } else if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(d.getMessage(Locale.ROOT));
                }
            }
            assertThat(errors).as("the java blocks of the documents (line numbers are the documents')").isEmpty();
            assertThat(ok).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void fragmentsStayRare(Path doc) throws IOException {
        String text = Files.readString(doc);
        long fragments = Pattern.compile("(?m)^<!-- fragment -->\\n```java").matcher(text).results().count();
        long blocks = Pattern.compile("(?m)^```java").matcher(text).results().count();
        assertThat(fragments).as("fragments among the %d java blocks of %s", blocks, doc.getFileName())
                .isLessThanOrEqualTo(Math.max(1, blocks / 4));
    }

    /** One block as a source file; its name is the type it declares, so javac accepts a public type. */
    private static final class Source extends SimpleJavaFileObject {
        final Snippet snippet;

        Source(String name, Snippet snippet) {
            super(URI.create("string:///" + name + Kind.SOURCE.extension), Kind.SOURCE);
            this.snippet = snippet;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return snippet.code();
        }
    }
}
