package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrkTest {

    @TempDir
    Path dir;

    @Test
    void commandLineHasTheRunsSettingsAndLatency() throws IOException {
        Wrk wrk = new Wrk(Path.of("/usr/bin/wrk"), 1, 64, dir.resolve("upload.lua"));

        assertThat(wrk.command(8080, App.JSON, 10)).containsExactly("/usr/bin/wrk", "-t1", "-c64", "-d10s",
                "--latency", "http://127.0.0.1:8080/sample/api/greeting?name=Ada");
    }

    @Test
    void uploadPostsOneMebibyteThroughTheScript() throws IOException {
        Path script = dir.resolve("upload.lua");
        Wrk wrk = new Wrk(Path.of("wrk"), 2, 8, script);

        assertThat(wrk.command(9, App.UPLOAD, 3)).containsSubsequence("-s", script.toString(),
                "http://127.0.0.1:9/upload");
        assertThat(Files.readString(script)).isEqualTo(Wrk.uploadScript())
                .contains("wrk.method = \"POST\"", "string.rep(\"x\", 1048576)",
                        "wrk.headers[\"Content-Type\"] = \"application/octet-stream\"");
    }
}
