package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxServerTest {

    @TempDir
    Path dir;

    @Test
    void configServesTheFileWithSendfileFromOneForegroundWorker() {
        String conf = NginxConfig.render(Path.of("/tmp/x"), 8123, 64, Path.of("/tmp/x/big.bin"));

        assertThat(conf).contains("daemon off;", "worker_processes 1;", "sendfile on;", "access_log off;",
                "listen 127.0.0.1:8123;", "location = /file", "alias /tmp/x/big.bin;", "pid /tmp/x/nginx.pid;");
        assertThat(NginxConfig.render(Path.of("/tmp/x"), 8123, 64)).doesNotContain("/file");
    }

    @Test
    void servesTheFileWhenInstalled() throws IOException {
        Optional<Path> nginx = NginxServer.find();
        assumeTrue(nginx.isPresent(), "nginx is not installed");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // for its worker user
        Path file = dir.resolve("big.bin");
        BigTransfer.createFile(file, 100_000);

        try (NginxServer server = NginxServer.start(nginx.get(), dir, file)) {
            assertThat(BigTransfer.download(server.port(), 100_000)).isPositive();
        }
    }
}
