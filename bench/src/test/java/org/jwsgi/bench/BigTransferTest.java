package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.server.WsgiServer;

class BigTransferTest {

    private static final long SIZE = 3 * (1 << 20) + 5;

    @TempDir
    Path dir;

    @Test
    void createsAFileOfEveryByteAndNotSparse() throws IOException {
        Path file = dir.resolve("big.bin");

        BigTransfer.createFile(file, SIZE);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize((int) SIZE);
        assertThat(bytes[bytes.length - 1] | bytes[1 << 20] | bytes[0]).isNotZero();
    }

    @Test
    void downloadReadsTheWholeFileAndChecksItsLength() throws IOException {
        Path file = dir.resolve("big.bin");
        BigTransfer.createFile(file, SIZE);
        try (WsgiServer server = LocalServer.start(file, Duration.ofSeconds(20))) {
            assertThat(BigTransfer.download(server.port(), SIZE)).isPositive();
            assertThatThrownBy(() -> BigTransfer.download(server.port(), SIZE + 1))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(SIZE + " bytes, not 200 with " + (SIZE + 1));
        }
    }

    @Test
    void uploadStreamsTheBodyWithEitherFramingAndChecksTheAnswer() throws IOException {
        try (WsgiServer server = LocalServer.start(null, Duration.ofSeconds(20))) {
            assertThat(BigTransfer.upload(server.port(), SIZE, false)).isPositive();
            assertThat(BigTransfer.upload(server.port(), SIZE, true)).isPositive();
        }
    }

    @Test
    void takesTheMedian() {
        assertThat(BigTransfer.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(BigTransfer.median(new double[] {4, 1})).isEqualTo(2.5);
        assertThat(BigTransfer.mibPerSecond(1 << 30, 2_000_000_000L)).isEqualTo(512);
    }

    @Test
    void refusesUnknownServersAndOptions() {
        assertThatThrownBy(() -> BigTransfer.parse(new String[] {"--servers", "builtin,apache"}))
                .hasMessageContaining("unknown server apache");
        assertThatThrownBy(() -> BigTransfer.parse(new String[] {"--upload-servers", "nginx"}))
                .hasMessageContaining("unknown server nginx");
        assertThatThrownBy(() -> BigTransfer.parse(new String[] {"--size-mib", "-1"}))
                .hasMessageContaining("not a positive integer");
        assertThatThrownBy(() -> BigTransfer.parse(new String[] {"--rounds"}))
                .hasMessageContaining("missing value after --rounds");
        assertThat(BigTransfer.parse(new String[] {"--upload-servers", "none", "--size-mib", "2"}))
                .satisfies(c -> {
                    assertThat(c.uploadServers()).isEmpty();
                    assertThat(c.size()).isEqualTo(2 << 20);
                });
    }
}
