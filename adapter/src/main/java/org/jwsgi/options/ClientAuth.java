package org.jwsgi.options;

import java.util.Locale;

/**
 * Whether a TLS server asks its clients for a certificate ({@link TlsOptions#clientAuth()}), as
 * nginx's {@code ssl_verify_client} and Tomcat's {@code certificateVerification} do. A certificate
 * a client sends is always verified against {@link TlsOptions#caCerts()}: one that does not chain
 * to those CAs fails the handshake, with {@link #WANT} too.
 *
 * <pre>{@code
 * TlsOptions.pem(cert, key).withClientAuth(ClientAuth.NEED, Path.of("clients-ca.pem"));
 * }</pre>
 */
public enum ClientAuth {

    /** No certificate is asked for (the default). */
    NONE("none"),

    /** A certificate is asked for; a client without one is still served ({@code SSL_CLIENT_VERIFY} {@code NONE}). */
    WANT("want"),

    /** A certificate is required: a client without one fails the handshake. */
    NEED("need");

    private final String label;

    ClientAuth(String label) {
        this.label = label;
    }

    /** The name used on the command line and in docs: {@code none}, {@code want}, {@code need}. */
    public String label() {
        return label;
    }

    /** Parses a {@link #label()} (case-insensitive). */
    public static ClientAuth parse(String label) {
        for (ClientAuth a : values()) {
            if (a.label.equalsIgnoreCase(label.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown client-auth mode " + label.strip().toLowerCase(Locale.ROOT)
                + " (expected none, want or need)");
    }
}
