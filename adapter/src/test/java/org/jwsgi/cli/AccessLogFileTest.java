package org.jwsgi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogFileTest {

    @TempDir
    Path dir;

    @Test
    void appendsEveryBatchALineEach() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogFile f = AccessLogFile.open(file);
        f.write(IntStream.range(0, 1000).mapToObj(i -> "line " + i).toList());
        f.write(List.of("last"));
        f.close();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1001);
        assertThat(lines.get(999)).isEqualTo("line 999");
        assertThat(lines.get(1000)).isEqualTo("last");
    }

    @Test
    void reopensTheFileAfterItWasMovedAwayAtOnce() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogFile f = AccessLogFile.open(file);
        f.write(List.of("first"));
        Path rotated = dir.resolve("access.log.1");
        Files.move(file, rotated);
        f.reopen();
        assertThat(file).exists(); // before any further line: what logrotate's postrotate waits for
        f.write(List.of("second"));
        f.close();
        assertThat(Files.readAllLines(rotated)).containsExactly("first");
        assertThat(Files.readAllLines(file)).containsExactly("second");
    }

    @Test
    void appendsToAnExistingFileAndKeepsTheRequestBytes() throws Exception {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "old\n");
        AccessLogFile f = AccessLogFile.open(file);
        f.write(List.of("caf\u00c3\u00a9")); // a native string: the bytes of UTF-8 "café" read as ISO-8859-1
        f.close();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("old\ncaf\u00e9\n");
    }

    @Test
    void namesTheFileItCannotOpenAndRefusesLinesOnceClosed() throws Exception {
        Path missing = dir.resolve("no/such/dir/access.log");
        assertThatIOException().isThrownBy(() -> AccessLogFile.open(missing))
                .withMessageContaining("cannot open the access log " + missing);
        AccessLogFile f = AccessLogFile.open(dir.resolve("a.log"));
        f.close();
        f.close(); // idempotent
        assertThatIOException().isThrownBy(() -> f.write(List.of("late"))).withMessageContaining("a.log is closed");
    }
}
