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
    void plaintextPipelinesSixteenRequestsAsTechEmpowerDoes() throws IOException {
        Wrk wrk = new Wrk(Path.of("wrk"), 1, 64, dir.resolve("upload.lua"));
        Path pipeline = dir.resolve("pipeline.lua");

        assertThat(wrk.command(9, App.PLAINTEXT_1024, 10)).containsExactly("wrk", "-t1", "-c1024", "-d10s",
                "--latency", "-H", Wrk.TE_ACCEPT, "-H", "Connection: keep-alive", "--timeout", "8s",
                "-s", pipeline.toString(), "http://127.0.0.1:9/plaintext", "--", "16");
        assertThat(Files.readString(pipeline)).isEqualTo(Wrk.pipelineScript())
                .contains("local depth = tonumber(args[1]) or 1", "r[i] = wrk.format()", "return req");
        assertThat(wrk.command(9, App.TE_JSON, 10)).contains("-c256", "http://127.0.0.1:9/json")
                .doesNotContain("-s", "--");
    }

    @Test
    void helloWithSleepersRunsASecondWrkOnTheSleepingPath() throws IOException {
        Wrk wrk = new Wrk(Path.of("wrk"), 1, 64, dir.resolve("upload.lua"));

        assertThat(wrk.command(9, App.HELLO_SLEEP, 10)).containsExactly("wrk", "-t1", "-c64", "-d10s", "--latency",
                "http://127.0.0.1:9/hello");
        assertThat(wrk.backgroundCommand(9, App.HELLO_SLEEP, 10)).containsExactly("wrk", "-t1", "-c16", "-d10s",
                "http://127.0.0.1:9/sleep");
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
