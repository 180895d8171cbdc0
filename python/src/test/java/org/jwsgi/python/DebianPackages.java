package org.jwsgi.python;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jwsgi.testing.ExternalProgram;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's pure-Python packages the tests serve (python3-flask, python3-django), found in
 * /usr/lib/python3/dist-packages: missing, the test is skipped loudly, unless the build requires
 * the package (JWSGI_REQUIRE / -Djwsgi.require, as for {@link ExternalProgram}), then it fails.
 */
final class DebianPackages {

    private DebianPackages() {
    }

    /** @param debianPackage e.g. {@code python3-flask}: its module is the name after {@code python3-} */
    static void require(String debianPackage) {
        String module = debianPackage.substring(debianPackage.indexOf('-') + 1);
        if (Files.isDirectory(TestApps.DIST_PACKAGES.resolve(module))) {
            return;
        }
        String message = "Python package " + module + " is not in " + TestApps.DIST_PACKAGES + " (Debian package "
                + debianPackage + ")";
        if (ExternalProgram.named(debianPackage).required()) {
            throw new AssertionError(message + "; this build requires it (jwsgi.require / JWSGI_REQUIRE)");
        }
        System.err.println("SKIPPED: " + message + ": the tests that need it are skipped");
        Assumptions.abort(message + ": skipped");
    }

    static boolean installed(String module) {
        return Files.isDirectory(Path.of("/usr/lib/python3/dist-packages", module));
    }
}
