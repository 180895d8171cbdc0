package org.jwsgi.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CipherPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"})
    void keepsForwardSecretAeadAndSha2Suites(String suite) {
        assertThat(CipherPolicy.strong(suite)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_RC4_128_SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "SSL_RSA_EXPORT_WITH_RC4_40_MD5", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
            "SSL_DHE_RSA_WITH_DES_CBC_SHA"})
    void dropsWeakSuites(String suite) {
        assertThat(CipherPolicy.strong(suite)).isFalse();
    }

    @Test
    void enablesTls13And12OnlyAndSuitesForBothRsaAndEcKeys() throws NoSuchAlgorithmException {
        SSLContext context = SSLContext.getDefault();

        assertThat(CipherPolicy.protocols(context)).containsExactly("TLSv1.3", "TLSv1.2");
        List<String> suites = List.of(CipherPolicy.cipherSuites(context));
        assertThat(suites.get(0)).as("TLS 1.3 first, in the JDK's order").startsWith("TLS_AES_");
        assertThat(suites).anyMatch(s -> s.startsWith("TLS_ECDHE_RSA_WITH_") && s.contains("GCM"))
                .anyMatch(s -> s.startsWith("TLS_ECDHE_ECDSA_WITH_") && s.contains("GCM"))
                .noneMatch(s -> s.startsWith("TLS_RSA_") || s.endsWith("_CBC_SHA"));
    }
}
