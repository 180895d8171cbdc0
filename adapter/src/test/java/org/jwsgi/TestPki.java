package org.jwsgi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jwsgi.options.TlsOptions;

/**
 * Keys and certificates made at test time with the JDK's {@code keytool} (never committed): a test
 * CA; server certificates it signed for {@code localhost} and {@code 127.0.0.1} (RSA and EC, as PEM
 * chain + PKCS#8 key, and as PKCS#12); a client certificate it signed; and a stranger, a client
 * certificate of another CA. Made once per JVM, in a temporary directory.
 *
 * <pre>{@code
 * TestPki pki = TestPki.get();
 * ServerOptions https = ServerOptions.defaults().withPort(0).withTls(pki.rsaOptions());
 * SSLContext client = pki.clientContext();
 * }</pre>
 */
public final class TestPki {

    /**
     * The environment variable holding {@link #PASSWORD}: the adapter's surefire and failsafe
     * configurations set it, as a user sets {@code --keystore-password-env}'s variable.
     */
    public static final String PASSWORD_ENV = "JWSGI_TEST_KEYSTORE_PASSWORD";
    public static final String PASSWORD = "jwsgi-test-password";

    private static TestPki instance;

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** The PKI of this JVM, made at the first call (a few seconds of keytool). */
    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("jwsgi-pki-");
                dir.toFile().deleteOnExit();
                instance = new TestPki(dir);
                instance.make();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return instance;
    }

    public Path dir() {
        return dir;
    }

    /** The test CA's certificate, PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** Another CA's certificate, PEM: its clients are strangers. */
    public Path otherCaPem() {
        return dir.resolve("other-ca.pem");
    }

    public Path rsaCert() {
        return dir.resolve("rsa-chain.pem");
    }

    public Path rsaKey() {
        return dir.resolve("rsa-key.pem");
    }

    public Path ecCert() {
        return dir.resolve("ec-chain.pem");
    }

    public Path ecKey() {
        return dir.resolve("ec-key.pem");
    }

    /** The RSA server key and chain as PKCS#12, password {@link #PASSWORD}. */
    public Path rsaKeyStore() {
        return dir.resolve("rsa.p12");
    }

    /** A client certificate signed by the test CA, with its key, PKCS#12. */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** A client certificate signed by the other CA, PKCS#12. */
    public Path strangerKeyStore() {
        return dir.resolve("stranger.p12");
    }

    public TlsOptions rsaOptions() {
        return TlsOptions.pem(rsaCert(), rsaKey());
    }

    /** A client context trusting the test CA, with no certificate of its own. */
    public SSLContext clientContext() {
        return clientContext(null);
    }

    /** A client context trusting the test CA that presents the certificate of {@code keyStore} (null: none). */
    public SSLContext clientContext(Path keyStore) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(caPem())) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(load(keyStore), PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyStore load(Path p12) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** Copies the RSA (or EC) chain and key into {@code target} as {@code cert.pem} and {@code key.pem}. */
    public void copyPem(boolean ec, Path target) throws IOException {
        Files.copy(ec ? ecCert() : rsaCert(), target.resolve("cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ec ? ecKey() : rsaKey(), target.resolve("key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    // ---------------------------------------------------------------- making them

    private void make() throws IOException {
        // two independent chains of keytool runs at once: the machine has two cores
        CompletableFuture<Void> ours = CompletableFuture.runAsync(() -> run(() -> {
            ca("ca", "CN=jwsgi test CA,O=jwsgi");
            leaf("ca", "rsa", "-keyalg", "RSA", "-keysize", "2048", "CN=localhost,O=jwsgi", "serverAuth");
            leaf("ca", "client", "-keyalg", "EC", "-groupname", "secp256r1", "CN=alice,OU=tests,O=jwsgi", "clientAuth");
        }));
        CompletableFuture<Void> others = CompletableFuture.runAsync(() -> run(() -> {
            ca("other-ca", "CN=another CA,O=elsewhere");
            leaf("other-ca", "stranger", "-keyalg", "EC", "-groupname", "secp256r1", "CN=mallory,O=elsewhere", "clientAuth");
        }));
        ours.join();
        others.join();
        run(() -> leaf("ca", "ec", "-keyalg", "EC", "-groupname", "secp256r1", "CN=localhost,O=jwsgi ec", "serverAuth"));
        for (String name : List.of("rsa", "ec")) {
            try {
                KeyStore store = load(dir.resolve(name + ".p12"));
                PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
                Certificate[] chain = store.getCertificateChain(name);
                StringBuilder pem = new StringBuilder();
                for (Certificate c : chain) {
                    pem.append(pem("CERTIFICATE", c.getEncoded()));
                }
                Files.writeString(dir.resolve(name + "-chain.pem"), pem);
                Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void run(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void ca(String name, String dname) throws IOException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "30", "-keystore", p12(name));
        keytool("-exportcert", "-alias", name, "-rfc", "-file", dir.resolve(name + ".pem").toString(), "-keystore", p12(name));
    }

    /** A key pair {@code name} signed by CA {@code ca}, its chain (leaf, CA) imported back into {@code name}.p12. */
    private void leaf(String ca, String name, String... algorithmDnameUse) throws IOException {
        int n = algorithmDnameUse.length;
        String dname = algorithmDnameUse[n - 2];
        String use = algorithmDnameUse[n - 1];
        List<String> gen = new ArrayList<>(List.of("-genkeypair", "-alias", name));
        gen.addAll(List.of(algorithmDnameUse).subList(0, n - 2));
        gen.addAll(List.of("-dname", dname, "-validity", "30", "-keystore", p12(name)));
        keytool(gen.toArray(String[]::new));
        String csr = dir.resolve(name + ".csr").toString();
        String crt = dir.resolve(name + ".crt").toString();
        keytool("-certreq", "-alias", name, "-file", csr, "-keystore", p12(name));
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", ca, "-infile", csr, "-outfile", crt, "-rfc",
                "-validity", "30", "-ext", "eku=" + use, "-keystore", p12(ca)));
        if (use.equals("serverAuth")) {
            sign.addAll(List.of("-ext", "san=dns:localhost,ip:127.0.0.1"));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-alias", ca, "-file", dir.resolve(ca + ".pem").toString(), "-noprompt", "-keystore", p12(name));
        keytool("-importcert", "-alias", name, "-file", crt, "-keystore", p12(name));
    }

    private String p12(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (!args[0].equals("-exportcert")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * A minimal ClientHello record for protocol version 3.{@code minor} (0: SSLv3, 1: TLS 1.0,
     * 2: TLS 1.1, 3: TLS 1.2 without extensions), offering two suites of that era.
     */
    public static byte[] clientHello(int minor) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(3);
        body.write(minor);
        body.writeBytes(new byte[32]); // random
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 4, (byte) 0xC0, 0x13, 0x00, 0x2F}); // ECDHE-RSA-AES128-SHA, AES128-SHA
        body.writeBytes(new byte[] {1, 0}); // null compression
        byte[] b = body.toByteArray();
        java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 3, (byte) Math.min(minor, 1)});
        int handshakeLength = b.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength);
        record.writeBytes(new byte[] {1, 0, (byte) (b.length >> 8), (byte) b.length});
        record.writeBytes(b);
        return record.toByteArray();
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Reads the certificates of a PEM file, for assertions. */
    public static List<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        return new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem))));
    }
}
