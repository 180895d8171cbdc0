package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxConfigTest {

    @TempDir
    Path dir;

    @Test
    void oneForegroundWorkerOnLoopbackWithoutAccessLog() {
        String conf = NginxConfig.render(dir, 41235, 64);

        assertThat(conf).contains("worker_processes 1;", "daemon off;", "listen 127.0.0.1:41235;", "access_log off;",
                "error_log stderr warn;", "pid " + dir.toAbsolutePath() + "/nginx.pid;");
    }

    @Test
    void answersEachAppAsTheOtherServersDo() {
        String conf = NginxConfig.render(dir, 8080, 64);

        assertThat(conf).containsSubsequence("location = /hello {", "default_type text/plain;",
                "return 200 \"Hello, World!\";");
        assertThat(conf).containsSubsequence("location = /64k {", "root " + dir.toAbsolutePath() + "/www;");
        assertThat(conf).containsSubsequence("location = /upload {", "client_max_body_size 2m;",
                "return 200 $content_length;");
        assertThat(conf).doesNotContain("/stream", "/sample");
    }

    @Test
    void workerConnectionsFitTheRunButNeverDropBelowTheUsualThousand() {
        assertThat(NginxConfig.render(dir, 8080, 64)).contains("worker_connections 1024;");
        assertThat(NginxConfig.render(dir, 8080, 5000)).contains("worker_connections 10000;");
    }

    @Test
    void writesTheSame64KiBAsTheOtherServersReadableByAnUnprivilegedWorker() throws IOException {
        Path conf = NginxConfig.write(dir, 8080, 64);

        assertThat(conf).isEqualTo(dir.resolve("nginx.conf"));
        assertThat(Files.readString(conf, StandardCharsets.US_ASCII)).isEqualTo(NginxConfig.render(dir, 8080, 64));
        assertThat(Files.readAllBytes(dir.resolve("www/64k"))).isEqualTo(Payloads.K64).hasSize(65_536);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("www"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("www/64k"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void nginxAcceptsTheConfigurationWhereItIsInstalled() throws Exception {
        Optional<Path> nginx = Bench.onPath("nginx", Path.of("/usr/sbin/nginx"));
        assumeTrue(nginx.isPresent(), "nginx is not installed");
        Path conf = NginxConfig.write(dir, Servers.freePort(), 64);

        // -t parses the file and opens what it names, without binding the port
        Process p = new ProcessBuilder(nginx.get().toString(), "-t", "-p", dir.toString(), "-c", conf.toString(),
                "-e", "stderr").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
