package org.jwsgi.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileBody#limit}: a byte range of a file, still sent with transferTo. */
class FileBodyTest {

    @TempDir
    Path dir;

    @Test
    void limitCutsTheBodyFromThePositionForBothIterationAndTransfer() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "0123456789");
        FileChannel channel = FileChannel.open(file);
        channel.position(2);
        try (FileBody body = FileBody.of(channel, 3).limit(5)) {
            assertThat(body.length()).isEqualTo(5);
            ByteArrayOutputStream iterated = new ByteArrayOutputStream();
            for (byte[] chunk : body) {
                iterated.writeBytes(chunk);
            }
            assertThat(iterated.toString(StandardCharsets.US_ASCII)).isEqualTo("23456");
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            assertThat(body.transferTo(Channels.newChannel(sent), Long.MAX_VALUE)).isEqualTo(5);
            assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo("23456");
        }
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void limitNeverGrowsTheBodyAndRefusesANegativeLength() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "abc");
        try (FileBody body = FileBody.of(FileChannel.open(file), 8)) {
            assertThat(body.limit(100).length()).isEqualTo(3);
            assertThatThrownBy(() -> body.limit(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
        }
    }
}
