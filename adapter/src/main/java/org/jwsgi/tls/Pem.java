package org.jwsgi.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files (RFC 7468): certificate chains and bundles, and unencrypted PKCS#8 private keys,
 * RSA, EC or EdDSA. The legacy OpenSSL key formats ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC
 * PRIVATE KEY}) and encrypted keys are refused with the {@code openssl} command that converts them:
 * the JDK has no public parser for them, and a server key on disk is not protected by a password
 * the same process must hold anyway. Every error names the file.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** The key algorithms a PKCS#8 key is tried as, in order: the JDK reads each by its own KeyFactory. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "RSASSA-PSS", "Ed25519", "Ed448");

    private Pem() {
    }

    /** One {@code -----BEGIN label-----} block, decoded. */
    record Block(String label, byte[] der) {
    }

    static List<Block> blocks(String what, Path file, byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " " + file + ": the " + m.group(1)
                        + " block is not valid base64");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + ": no PEM block (-----BEGIN ...-----) in it"
                    + (text.contains("-----BEGIN") ? " that is well formed" : "; is it DER or PKCS#12?"));
        }
        return out;
    }

    /** Every {@code CERTIFICATE} block of {@code content}, in order; at least one. */
    static List<X509Certificate> certificates(String what, Path file, byte[] content) {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block b : blocks(what, file, content)) {
            if (!b.label().equals("CERTIFICATE") && !b.label().equals("TRUSTED CERTIFICATE")) {
                continue; // a key or parameters in the same file: nginx and gunicorn skip them too
            }
            try {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(what + " " + file + ": certificate " + (certs.size() + 1)
                        + " cannot be read: " + e.getMessage());
            }
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + ": no -----BEGIN CERTIFICATE----- block in it");
        }
        return certs;
    }

    /** The one private key of {@code content}. */
    static PrivateKey privateKey(String what, Path file, byte[] content) {
        PrivateKey key = null;
        for (Block b : blocks(what, file, content)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    if (key != null) {
                        throw new IllegalArgumentException(what + " " + file + ": more than one private key in it");
                    }
                    key = pkcs8(what, file, b.der());
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new IllegalArgumentException(
                        what + " " + file + ": a legacy " + b.label().replace(" PRIVATE KEY", "")
                                + " key (-----BEGIN " + b.label() + "-----); jwsgi reads PKCS#8 keys. Convert it with: "
                                + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + pkcs8Name(file));
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(what + " " + file
                        + ": the key is encrypted; jwsgi reads unencrypted PKCS#8 keys (protect the file with its"
                        + " permissions) or a PKCS#12 keystore with --keystore. Decrypt it with: openssl pkcs8 -in "
                        + file + " -out " + pkcs8Name(file));
                default -> {
                    // certificates, EC parameters: not ours to read here
                }
            }
        }
        if (key == null) {
            throw new IllegalArgumentException(what + " " + file + ": no -----BEGIN PRIVATE KEY----- block in it");
        }
        return key;
    }

    private static PrivateKey pkcs8(String what, Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm (or not available here): try the next
            }
        }
        throw new IllegalArgumentException(what + " " + file + ": a PKCS#8 key of none of the algorithms "
                + KEY_ALGORITHMS + " (or corrupt)");
    }

    private static String pkcs8Name(Path file) {
        String name = file.toString();
        return (name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name) + ".pk8.pem";
    }
}
