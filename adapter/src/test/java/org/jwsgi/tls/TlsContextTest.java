package org.jwsgi.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.TestPki;
import org.jwsgi.options.ClientAuth;
import org.jwsgi.options.TlsOptions;

/**
 * Key material loading: PEM (RSA, EC) and PKCS#12, each failure an IllegalArgumentException
 * naming the file; reloading when files change, keeping the old material when new files are bad.
 */
class TlsContextTest {

    private static final TestPki PKI = TestPki.get();

    private static String subject(TlsContext tls) {
        return tls.certificateChain()[0].getSubjectX500Principal().getName();
    }

    @Test
    void loadsRsaAndEcPemPairsAndAPkcs12Keystore() {
        try (TlsContext rsa = TlsContext.create(PKI.rsaOptions());
                TlsContext ec = TlsContext.create(TlsOptions.pem(PKI.ecCert(), PKI.ecKey()));
                TlsContext p12 = TlsContext.create(TlsOptions.keyStore(PKI.rsaKeyStore(), TestPki.PASSWORD_ENV))) {
            assertThat(rsa.certificateChain()).hasSize(2);
            assertThat(rsa.certificateChain()[0].getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(ec.certificateChain()[0].getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(subject(p12)).isEqualTo(subject(rsa));
            assertThat(rsa.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(rsa.newEngine("http/1.1").getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void refusesMissingUnreadableAndMalformedFilesByName(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(missing, PKI.rsaKey())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("certfile " + missing + ": no such file");

        Path secret = dir.resolve("secret.pem");
        Files.copy(PKI.rsaKey(), secret);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        if (!Files.isReadable(secret)) { // root reads everything: then this case cannot be shown
            assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(PKI.rsaCert(), secret)))
                    .hasMessage("keyfile " + secret + ": not readable (permission denied)");
        }

        Path text = dir.resolve("text.pem");
        Files.writeString(text, "not a certificate\n");
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(text, PKI.rsaKey())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("certfile " + text + ": no PEM block");

        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(PKI.rsaKey(), PKI.rsaKey())))
                .hasMessage("certfile " + PKI.rsaKey() + ": no -----BEGIN CERTIFICATE----- block in it");
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(PKI.rsaCert(), PKI.rsaCert())))
                .hasMessage("keyfile " + PKI.rsaCert() + ": no -----BEGIN PRIVATE KEY----- block in it");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificatesOwn() {
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(PKI.rsaCert(), PKI.ecKey())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keyfile " + PKI.ecKey() + " is not the key of the certificate in certfile "
                        + PKI.rsaCert());
    }

    @Test
    void refusesLegacyAndEncryptedKeysWithTheOpensslCommandThatConvertsThem(@TempDir Path dir) throws IOException {
        Path pkcs1 = dir.resolve("legacy.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n");
        Path sec1 = dir.resolve("ec.pem");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
        Path encrypted = dir.resolve("enc.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBO\n-----END ENCRYPTED PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(PKI.rsaCert(), pkcs1)))
                .hasMessageContaining("keyfile " + pkcs1 + ": a legacy RSA key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + pkcs1 + " -out " + dir.resolve("legacy.pk8.pem"));
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(PKI.ecCert(), sec1)))
                .hasMessageContaining("a legacy EC key").hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.pem(PKI.rsaCert(), encrypted)))
                .hasMessageContaining("keyfile " + encrypted + ": the key is encrypted");
    }

    @Test
    void refusesAKeystoreWithoutItsPasswordVariableOrWithTheWrongOne() {
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.keyStore(PKI.rsaKeyStore(), "JWSGI_NO_SUCH_VARIABLE")))
                .hasMessageContaining("keystore " + PKI.rsaKeyStore())
                .hasMessageContaining("JWSGI_NO_SUCH_VARIABLE (--keystore-password-env)").hasMessageContaining("not set");
        // HOME is set, and is not the password
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.keyStore(PKI.rsaKeyStore(), "HOME")))
                .hasMessageContaining("keystore " + PKI.rsaKeyStore() + ": wrong password");
        assertThatThrownBy(() -> TlsContext.create(TlsOptions.keyStore(PKI.rsaCert(), TestPki.PASSWORD_ENV)))
                .hasMessageContaining("keystore " + PKI.rsaCert() + ": not a readable PKCS#12 keystore");
    }

    @Test
    void checksTheOptionsThemselves() {
        assertThatThrownBy(() -> new TlsOptions(PKI.rsaCert(), null, null, null, null, ClientAuth.NONE, Duration.ZERO))
                .hasMessageContaining("certFile and keyFile go together");
        assertThatThrownBy(() -> PKI.rsaOptions().withClientAuth(ClientAuth.NEED, null))
                .hasMessageContaining("clientAuth need needs caCerts");
        assertThatThrownBy(() -> PKI.rsaOptions().withClientAuth(ClientAuth.NONE, PKI.caPem()))
                .hasMessageContaining("clientAuth is none");
        assertThatThrownBy(() -> PKI.rsaOptions().withReloadInterval(Duration.ofSeconds(-1)))
                .hasMessageContaining("reloadInterval must not be negative");
    }

    @Test
    void reloadsChangedFilesAndKeepsTheOldMaterialWhenTheNewIsBad(@TempDir Path dir) throws IOException {
        PKI.copyPem(false, dir);
        TlsOptions options = TlsOptions.pem(dir.resolve("cert.pem"), dir.resolve("key.pem"))
                .withReloadInterval(Duration.ofMillis(50));
        try (TlsContext tls = TlsContext.create(options)) {
            String rsa = subject(tls);
            PKI.copyPem(true, dir);
            await(() -> tls.reloads() == 1);
            assertThat(tls.certificateChain()[0].getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(subject(tls)).isNotEqualTo(rsa);

            // a key that does not fit the certificate (the key written first, the certificate not yet)
            long failed = tls.failedReloads(); // the two copies above may have been seen one at a time
            Files.copy(PKI.rsaKey(), dir.resolve("key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await(() -> tls.failedReloads() > failed);
            assertThat(tls.certificateChain()[0].getPublicKey().getAlgorithm()).as("still the EC one").isEqualTo("EC");

            Files.copy(PKI.rsaCert(), dir.resolve("cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await(() -> tls.reloads() == 2);
            assertThat(subject(tls)).isEqualTo(rsa);
        }
    }

    @Test
    void noticesAFileRewrittenWithTheSameSizeAndTime(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a");
        Files.writeString(f, "aaaa");
        FileWatch watch = new FileWatch(java.util.List.of(f));
        var time = Files.getLastModifiedTime(f);
        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, time);

        assertThat(watch.changed()).isTrue();
        assertThat(watch.changed()).isFalse();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(condition.getAsBoolean()).as("within 10 s").isTrue();
    }
}
