package org.jwsgi.python;

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
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of docs/python.md compiles as shown, imports included, against this
 * module's class path: the adapter's DocSnippetsTest compiles the other documents but leaves this
 * one out, since org.jwsgi.python (Java 21, GraalPy) is not on the adapter's class path.
 */
class PythonDocSnippetsTest {

    private static final Path DOC = Path.of("..", "docs", "python.md");
    private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile(
            "(?m)^(?:public |final |abstract |sealed |non-sealed )*(?:class|interface|record|enum)\\s+(\\w+)");

    @Test
    void everyJavaBlockOfPythonMdCompilesAsShown(@TempDir Path out) throws IOException {
        String text = Files.readString(DOC);
        List<JavaFileObject> sources = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            Matcher type = TYPE.matcher(m.group(1));
            assertThat(type.find()).as("python.md:%d declares no type", line).isTrue();
            sources.add(new Source(type.group(1), line, m.group(1)));
        }
        assertThat(sources).as("java blocks in python.md").isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean ok = javac.getTask(new StringWriter(), files, diagnostics, List.of("-d", out.toString(), "-cp",
                    System.getProperty("java.class.path"), "-proc:none", "-Xlint:-options", "--release", "21"),
                    null, sources).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    long at = d.getSource() instanceof Source s ? s.line + d.getLineNumber() : d.getLineNumber();
                    errors.add("python.md:" + at + ": " + d.getMessage(Locale.ROOT));
                }
            }
            assertThat(errors).as("the java blocks of python.md (line numbers are the document's)").isEmpty();
            assertThat(ok).isTrue();
        }
    }

    /** One block as a source file named after the type it declares. */
    private static final class Source extends SimpleJavaFileObject {
        final int line;
        final String code;

        Source(String name, int line, String code) {
            super(URI.create("string:///" + name + Kind.SOURCE.extension), Kind.SOURCE);
            this.line = line;
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
