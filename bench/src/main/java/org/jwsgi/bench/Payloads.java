package org.jwsgi.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jwsgi.util.Json;

/**
 * What every measured server answers, byte for byte the same on each, so that only the server
 * differs. The paths:
 * <table>
 *   <caption>The measured apps</caption>
 *   <tr><th>path</th><th>answer</th></tr>
 *   <tr><td>{@code /} or {@code /hello}</td><td>{@code 200}, text/plain, {@code Content-Length: 13}, {@code Hello, World!}</td></tr>
 *   <tr><td>{@code /64k}</td><td>65,536 bytes with a Content-Length</td></tr>
 *   <tr><td>{@code /upload}</td><td>reads the whole request body, answers its length in decimal</td></tr>
 *   <tr><td>{@code /stream}</td><td>100 chunks of 1 KiB, each flushed, no Content-Length (chunked)</td></tr>
 *   <tr><td>{@code /sample/api/greeting?name=Ada}</td><td>the sample app's JSON endpoint (WSGI servers only)</td></tr>
 *   <tr><td>{@code /file}</td><td>the file named by {@code --file}, through {@code wsgi.file_wrapper} (WSGI servers only)</td></tr>
 *   <tr><td>{@code /plaintext}</td><td>TechEmpower's plaintext: {@code Hello, World!} as text/plain</td></tr>
 *   <tr><td>{@code /json}</td><td>TechEmpower's json: {@code {"message":"Hello, World!"}}, a new map serialized per
 *       request (with jwsgi's {@code Json} on every server)</td></tr>
 *   <tr><td>{@code /sleep}</td><td>{@code slept} after {@value #SLEEP_MILLIS} ms of waiting (a sleeping
 *       thread, or a timer on a non-blocking server)</td></tr>
 * </table>
 */
final class Payloads {

    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final byte[] K64 = filled(64 * 1024);
    static final byte[] CHUNK = filled(1024);
    static final int CHUNKS = 100;
    static final int READ_BUFFER = 64 * 1024;
    static final byte[] SLEPT = "slept".getBytes(StandardCharsets.US_ASCII);
    static final int SLEEP_MILLIS = 50;

    private Payloads() {
    }

    /** What a blocking server's {@code /sleep} does before it answers: {@value #SLEEP_MILLIS} ms asleep. */
    static void sleep() {
        try {
            Thread.sleep(SLEEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** TechEmpower's json body: a new object serialized for each request, as its rules ask. */
    static byte[] json() {
        return Json.write(Map.of("message", "Hello, World!")).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** The app a path names. */
    enum Route {
        HELLO, K64, UPLOAD, STREAM, PLAINTEXT, JSON, SLEEP, OTHER;

        static Route of(String path) {
            switch (path) {
                case "/":
                case "/hello":
                    return HELLO;
                case "/64k":
                    return K64;
                case "/upload":
                    return UPLOAD;
                case "/stream":
                    return STREAM;
                case "/plaintext":
                    return PLAINTEXT;
                case "/json":
                    return JSON;
                case "/sleep":
                    return SLEEP;
                default:
                    return OTHER;
            }
        }
    }
}
