package org.jwsgi.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the tests' Python apps are, and the options every test starts from. */
final class TestApps {

    /** src/test/python: the apps the tests serve. */
    static final Path DIR = Path.of(System.getProperty("jwsgi.python.apps", "src/test/python")).toAbsolutePath();
    /** Debian's pure-Python packages (Flask, Django, Werkzeug, Jinja2...), for CPython 3.11. */
    static final Path DIST_PACKAGES = Path.of("/usr/lib/python3/dist-packages");

    private TestApps() {
    }

    /** {@code callable} from src/test/python, with GraalPy's .pyc files kept under target/. */
    static PythonOptions options(String callable) {
        String cache = System.getProperty("jwsgi.python.cache");
        return PythonOptions.of(callable).withPythonPath(List.of(DIR))
                .withBytecodeCache(cache == null ? null : Path.of(cache));
    }

    static boolean hasDebianPackage(String name) {
        return Files.isDirectory(DIST_PACKAGES.resolve(name));
    }
}
