package org.jwsgi.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * </table>
 */
final class Payloads {

    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final byte[] K64 = filled(64 * 1024);
    static final byte[] CHUNK = filled(1024);
    static final int CHUNKS = 100;
    static final int READ_BUFFER = 64 * 1024;

    private Payloads() {
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** The app a path names: one of hello, 64k, upload, stream, or other. */
    enum Route {
        HELLO, K64, UPLOAD, STREAM, OTHER;

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
                default:
                    return OTHER;
            }
        }
    }
}
