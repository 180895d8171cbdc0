package org.jwsgi.conformance;

import org.jwsgi.TestPki;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.ServedOptions;

/**
 * {@link SameResponsesTest} over HTTPS: statuses, headers, streaming chunk by chunk, 50 MB each
 * way, file bodies, close() once and the failure rules are the same over TLS on every backend
 * (each inherited case is an {@code @EachBackend} of its own).
 */
class SameResponsesOverTlsTest extends SameResponsesTest {

    @ServedOptions
    static ServerOptions tls() {
        return ServerOptions.defaults().withPort(0).withTls(TestPki.get().rsaOptions());
    }
}
