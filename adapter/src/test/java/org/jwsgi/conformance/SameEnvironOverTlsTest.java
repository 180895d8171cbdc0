package org.jwsgi.conformance;

import org.jwsgi.TestPki;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedOptions;

/**
 * {@link SameEnvironTest} over HTTPS: the same corpus on every backend gives the bundled server's
 * plain-HTTP environ but for the scheme, {@code HTTPS}, the {@code SSL_*} keys and the default
 * port of a Host without one (443), which are checked on their own.
 */
@EachBackend
class SameEnvironOverTlsTest extends SameEnvironTest {

    @ServedOptions
    static ServerOptions tls() {
        return ServerOptions.defaults().withPort(0).withTls(TestPki.get().rsaOptions());
    }
}
