package org.jwsgi.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The protocols and cipher suites every backend enables: TLS 1.3 and 1.2 only, and the JDK's
 * default suites (in the JDK's order of preference) minus the weak ones.
 *
 * <table>
 *   <caption>What is left out, and why</caption>
 *   <tr><th>suites</th><th>why</th></tr>
 *   <tr><td>{@code TLS_RSA_*} (RSA key exchange)</td><td>no forward secrecy: the server key decrypts every
 *       recorded session</td></tr>
 *   <tr><td>{@code *_CBC_SHA} (CBC with HMAC-SHA1)</td><td>the Lucky Thirteen family of padding oracles and a
 *       SHA-1 MAC; they exist for TLS 1.0/1.1 clients, which are refused anyway: every TLS 1.2 client
 *       has an AEAD or SHA-2 suite</td></tr>
 *   <tr><td>3DES, RC4, DES, NULL, anon, EXPORT</td><td>broken (Sweet32, RC4 biases) or unauthenticated; the
 *       JDK disables most of them already ({@code jdk.tls.disabledAlgorithms}), this keeps them out
 *       whatever java.security says</td></tr>
 * </table>
 *
 * <p>TLS 1.0 and 1.1 (RFC 8996) and SSLv3 are never enabled; a client offering only those gets a
 * {@code protocol_version} alert.
 */
final class CipherPolicy {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final List<String> WEAK = List.of("_CBC_SHA", "3DES", "_RC4_", "_DES_", "_DES40_",
            "_NULL_", "_anon_", "_EXPORT", "_SCSV");

    private CipherPolicy() {
    }

    /** The protocols of {@link #PROTOCOLS} that {@code context} supports, best first. */
    static String[] protocols(SSLContext context) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getProtocols());
        String[] out = PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
        if (out.length == 0) {
            throw new IllegalStateException("this JDK supports neither TLS 1.3 nor TLS 1.2: "
                    + Arrays.toString(context.getSupportedSSLParameters().getProtocols()));
        }
        return out;
    }

    /** {@code context}'s default cipher suites without the weak ones, in the JDK's order. */
    static String[] cipherSuites(SSLContext context) {
        SSLParameters defaults = context.getDefaultSSLParameters();
        return Arrays.stream(defaults.getCipherSuites()).filter(CipherPolicy::strong).toArray(String[]::new);
    }

    /**
     * Whether {@code suite} is kept. TLS 1.3 suites ({@code TLS_AES_*}, {@code TLS_CHACHA20_*})
     * name no key exchange: it is always ephemeral.
     */
    static boolean strong(String suite) {
        if (suite.startsWith("TLS_RSA_") || suite.startsWith("SSL_")) {
            return false; // static RSA key exchange; SSL_ names are the JDK's SSLv3-era suites
        }
        for (String weak : WEAK) {
            if (weak.equals("_CBC_SHA") ? suite.endsWith("_CBC_SHA") : suite.contains(weak)) {
                return false;
            }
        }
        return true;
    }
}
