package org.jwsgi.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.testing.GeneratedBytes;
import org.jwsgi.testing.MultipartBody;

/**
 * A 100 MB upload keeps the heap flat: measured in this JVM by the bytes the parsing thread
 * allocates (the heap cannot grow by more than that), and proved in a forked JVM whose whole
 * heap is 16 MB. The figures go to this test's output (target/surefire-reports/*-output.txt).
 */
class MultipartHeapTest {

    static final long SIZE = 100_000_000;
    static final long ALLOCATION_BUDGET = 4L << 20;

    @TempDir
    Path tmp;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void parsesAHundredMegabyteUploadToDiskAllocatingUnderFourMegabytes() throws IOException {
        MultipartOptions options = MultipartOptions.defaults().withTempDir(tmp).withMaxBytes(SIZE + 4096).withMaxFileBytes(SIZE);
        run(options, 10_000_000); // warm-up: JIT and class loading are not the parser's allocation

        long before = allocatedBytes();
        long start = System.nanoTime();
        Measured m = run(options, SIZE);
        long nanos = System.nanoTime() - start;
        long allocated = allocatedBytes() - before;

        System.out.printf("multipart to disk: %d bytes in %.0f ms = %.0f MB/s, allocated %d bytes (%.2f MB), file crc ok%n",
                SIZE, nanos / 1e6, SIZE / 1e6 / (nanos / 1e9), allocated, allocated / 1e6);
        assertThat(m.crc).isEqualTo(GeneratedBytes.crc32c(9, SIZE));
        assertThat(m.size).isEqualTo(SIZE);
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET);
    }

    @Test
    void streamsAHundredMegabytesThroughTheReaderWithoutAllocating() throws IOException {
        MultipartOptions options = MultipartOptions.defaults().withMaxBytes(SIZE + 4096);
        stream(options, 10_000_000);
        long generate = time(() -> new GeneratedBytes(9, SIZE).transferTo(OutputStream.nullOutputStream()));

        long before = allocatedBytes();
        long start = System.nanoTime();
        long size = stream(options, SIZE);
        long nanos = System.nanoTime() - start;
        long allocated = allocatedBytes() - before;

        System.out.printf("multipart reader: %d bytes in %.0f ms (%.0f ms of it generating the input) = %.0f MB/s "
                + "parser only, allocated %d bytes%n", SIZE, nanos / 1e6, generate / 1e6,
                SIZE / 1e6 / (Math.max(1, nanos - generate) / 1e9), allocated);
        assertThat(size).isEqualTo(SIZE);
        assertThat(allocated).isLessThan(1L << 20);
    }

    @Test
    void parsesAHundredMegabyteUploadInAJvmWithASixteenMegabyteHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                MultipartHeapTest.class.getName(), tmp.toString()).redirectErrorStream(true).start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            p.destroyForcibly();
        }

        System.out.print("forked -Xmx16m: " + out);
        assertThat(exited).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("parsed " + SIZE + " bytes");
    }

    /** The forked JVM: parses the 100 MB upload and prints the heap's peak. */
    public static void main(String[] args) throws IOException {
        MultipartOptions options = MultipartOptions.defaults().withTempDir(Path.of(args[0])).withMaxBytes(SIZE + 4096)
                .withMaxFileBytes(SIZE);
        long start = System.nanoTime();
        Measured m = run(options, SIZE);
        long nanos = System.nanoTime() - start;
        long peak = 0;
        List<String> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
                pools.add(pool.getName() + " " + pool.getPeakUsage().getUsed() / 1024 + " KiB");
            }
        }
        System.out.printf("parsed %d bytes (crc %s) in %.0f ms; heap max %d MB, peak used %.1f MB %s%n", m.size,
                m.crc == GeneratedBytes.crc32c(9, SIZE) ? "ok" : "WRONG", nanos / 1e6,
                Runtime.getRuntime().maxMemory() >> 20, peak / 1e6, pools);
        if (m.crc != GeneratedBytes.crc32c(9, SIZE)) {
            System.exit(2);
        }
    }

    record Measured(long size, long crc) {
    }

    /** Parses an upload of one field and one {@code size}-byte file; the file's size and CRC. */
    private static Measured run(MultipartOptions options, long size) throws IOException {
        MultipartBody body = new MultipartBody().field("title", "big").file("file", "big.bin", 9, size);
        try (Multipart upload = Multipart.parse(body.environ(), options)) {
            MultipartFile file = upload.file("file");
            long crc = 0;
            if (size == SIZE) {
                java.util.zip.CRC32C c = new java.util.zip.CRC32C();
                try (var in = Files.newInputStream(file.path())) {
                    byte[] chunk = new byte[64 * 1024];
                    for (int n; (n = in.read(chunk)) > 0;) {
                        c.update(chunk, 0, n);
                    }
                }
                crc = c.getValue();
            }
            return new Measured(file.size(), crc);
        }
    }

    private static long stream(MultipartOptions options, long size) throws IOException {
        MultipartBody body = new MultipartBody().field("title", "big").file("file", "big.bin", 9, size);
        MultipartReader reader = MultipartReader.of(body.environ(), options);
        long total = 0;
        for (MultipartReader.Part part; (part = reader.next()) != null;) {
            total = part.body().transferTo(OutputStream.nullOutputStream());
        }
        return total;
    }

    interface IoRun {
        void run() throws IOException;
    }

    private static long time(IoRun r) throws IOException {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }
}
