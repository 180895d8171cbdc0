package org.jwsgi.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jwsgi.options.TlsOptions;

/**
 * Loads a server's key and certificate chain, and the CAs its clients' certificates must chain to,
 * into JSSE key and trust managers. Every failure is an {@link IllegalArgumentException} naming
 * the option and the file, so that a server refuses to start (and the CLI exits with status 2)
 * rather than serve with half a configuration.
 */
final class KeyMaterial {

    private KeyMaterial() {
    }

    /** The files {@code options} reads: what a reload watches. */
    static List<Path> files(TlsOptions options) {
        List<Path> files = new java.util.ArrayList<>();
        if (options.keyStore() != null) {
            files.add(options.keyStore());
        } else {
            files.add(options.certFile());
            files.add(options.keyFile());
        }
        if (options.caCerts() != null) {
            files.add(options.caCerts());
        }
        return files;
    }

    /** The key manager of {@code options}' key material, with the leaf certificate it serves. */
    record Keys(X509ExtendedKeyManager manager, X509Certificate[] chain) {
    }

    static Keys keys(TlsOptions options) {
        KeyStore store;
        char[] password;
        if (options.keyStore() != null) {
            password = password(options);
            store = pkcs12(options.keyStore(), password);
        } else {
            List<X509Certificate> chain = Pem.certificates("certfile", options.certFile(), read("certfile", options.certFile()));
            PrivateKey key = Pem.privateKey("keyfile", options.keyFile(), read("keyfile", options.keyFile()));
            checkPair(key, chain.get(0), "keyfile " + options.keyFile() + " is not the key of the certificate in certfile "
                    + options.certFile());
            password = new char[0];
            try {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("keyfile " + options.keyFile() + ": the JDK refuses the key: " + e, e);
            }
        }
        X509Certificate[] chain = leafChain(store, options);
        try {
            // PKIX ("NewSunX509") picks among several keys by the client's algorithms, and checks validity
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            for (KeyManager m : factory.getKeyManagers()) {
                if (m instanceof X509ExtendedKeyManager x) {
                    return new Keys(x, chain);
                }
            }
            throw new IllegalStateException("the JDK's PKIX key manager factory made no X509ExtendedKeyManager");
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("keystore " + options.keyStore() + ": a key cannot be read with the password"
                    + " of $" + options.keyStorePasswordEnv() + " (each key must have the keystore's password)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source(options) + ": " + e, e);
        }
    }

    /** A trust manager accepting client certificates that chain to a CA of the PEM bundle {@code caCerts}. */
    static X509ExtendedTrustManager trust(Path caCerts) {
        List<X509Certificate> cas = Pem.certificates("ca-certs", caCerts, read("ca-certs", caCerts));
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("ca-certs " + caCerts + ": " + e, e);
        }
    }

    static byte[] read(String what, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(what + " " + file + ": not readable (permission denied)");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static char[] password(TlsOptions options) {
        String value = System.getenv(options.keyStorePasswordEnv());
        if (value == null) {
            throw new IllegalArgumentException("keystore " + options.keyStore() + ": the environment variable "
                    + options.keyStorePasswordEnv() + " (--keystore-password-env) holding its password is not set");
        }
        return value.toCharArray();
    }

    private static KeyStore pkcs12(Path file, char[] password) {
        byte[] bytes = read("keystore", file);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException caused by UnrecoverableKeyException
            boolean badPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new IllegalArgumentException("keystore " + file + (badPassword
                    ? ": wrong password (the value of the environment variable given by --keystore-password-env)"
                    : ": not a readable PKCS#12 keystore: " + e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("keystore " + file + ": not a readable PKCS#12 keystore: " + e, e);
        }
    }

    /** The chain of the first key entry, after checking that each key entry's key fits its certificate. */
    private static X509Certificate[] leafChain(KeyStore store, TlsOptions options) {
        X509Certificate[] first = null;
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                    throw new IllegalArgumentException(source(options) + ": the key " + alias + " has no X.509 certificate");
                }
                if (first == null) {
                    first = java.util.Arrays.copyOf(chain, chain.length, X509Certificate[].class);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source(options) + ": " + e, e);
        }
        if (first == null) {
            throw new IllegalArgumentException(source(options) + ": no private key entry in it");
        }
        return first;
    }

    /** Signs a random message with {@code key} and verifies it with the certificate's public key. */
    static void checkPair(PrivateKey key, X509Certificate cert, String mismatch) {
        PublicKey pub = cert.getPublicKey();
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException(mismatch + " (a " + key.getAlgorithm() + " key, a "
                    + pub.getAlgorithm() + " certificate)");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] message = new byte[32];
            new SecureRandom().nextBytes(message);
            Signature sign = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                sign.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            sign.initSign(key);
            sign.update(message);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                verify.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            verify.initVerify(pub);
            verify.update(message);
            if (!verify.verify(signature)) {
                throw new IllegalArgumentException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(mismatch + ": " + e.getMessage(), e);
        }
    }

    private static String source(TlsOptions options) {
        return options.keyStore() != null ? "keystore " + options.keyStore() : "certfile " + options.certFile();
    }
}
