package org.jwsgi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {

    @TempDir
    Path dir;

    private final PrintStream failures = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static void log(AccessLogWriter w, String line) {
        w.publish(new LogRecord(Level.INFO, line));
    }

    @Test
    void writesEveryLineQueuedBeforeCloseReturns() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogWriter w = AccessLogWriter.toFile(file, failures);
        // more than the queue holds: the producer waits for the writer, nothing is dropped
        int n = AccessLogWriter.QUEUE_LINES * 2 + 7;
        IntStream.range(0, n).forEach(i -> log(w, "line " + i));
        w.close();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(n);
        assertThat(lines.get(n - 1)).isEqualTo("line " + (n - 1));
    }

    @Test
    void reopensTheFileAfterItWasMovedAway() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogWriter w = AccessLogWriter.toFile(file, failures);
        log(w, "first");
        Awaitility.await().until(() -> Files.exists(file) && Files.readAllLines(file).size() == 1);
        Path rotated = dir.resolve("access.log.1");
        Files.move(file, rotated);
        w.reopen();
        Awaitility.await().until(() -> Files.exists(file));
        log(w, "second");
        w.close();
        assertThat(Files.readAllLines(rotated)).containsExactly("first");
        assertThat(Files.readAllLines(file)).containsExactly("second");
    }

    @Test
    void appendsToAnExistingFileAndKeepsTheRequestBytes() throws Exception {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "old\n");
        AccessLogWriter w = AccessLogWriter.toFile(file, failures);
        log(w, "caf\u00c3\u00a9"); // a native string: the bytes of UTF-8 "café" read as ISO-8859-1
        w.close();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("old\ncaf\u00e9\n");
    }

    @Test
    void namesTheFileItCannotOpen() {
        Path missing = dir.resolve("no/such/dir/access.log");
        assertThatIOException().isThrownBy(() -> AccessLogWriter.toFile(missing, failures))
                .withMessageContaining("cannot open the access log " + missing);
    }
}
