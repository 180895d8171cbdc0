package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.form.Form;
import org.jwsgi.util.ClientError;

/**
 * Chunks produced over time. {@code GET /stream?lines=10&interval=200} answers {@code lines}
 * lines of text, one every {@code interval} milliseconds; each line is one body chunk, and PEP
 * 3333 has the server send it before asking for the next, so a client sees the lines arrive one
 * by one (no Content-Length: HTTP/1.1 frames it chunked). {@code Gzip} keeps that: it compresses
 * and flushes each chunk before asking for the next. {@code GET /ticker} is a page whose
 * script reads that stream and shows each line with the time it arrived.
 *
 * <pre>{@code
 * $ curl -N 'http://127.0.0.1:8000/stream?lines=3&interval=500'
 * line 1 of 3 at +0 ms
 * line 2 of 3 at +500 ms
 * line 3 of 3 at +1001 ms
 * }</pre>
 */
public final class StreamPage {

    /** Bounds of the query parameters: at most 100 lines, at most 2 s apart (a request holds a thread). */
    public static final int MAX_LINES = 100;
    public static final int MAX_INTERVAL_MS = 2000;

    private StreamPage() {
    }

    /** {@code GET /stream}. */
    public static final Application STREAM = StreamPage::stream;
    /** {@code GET /ticker}. */
    public static final Application TICKER = StreamPage::ticker;

    private static Iterable<byte[]> stream(Map<String, Object> environ, StartResponse startResponse) {
        Form query = Form.fromQuery(environ, GreetPage.FORM_OPTIONS);
        int lines = number(query, "lines", 10, 1, MAX_LINES);
        int interval = number(query, "interval", 200, 0, MAX_INTERVAL_MS);
        startResponse.start("200 OK", List.of(
                new Header("Content-Type", "text/plain; charset=utf-8"),
                new Header("Cache-Control", "no-store"),
                // a reverse proxy (nginx) would otherwise buffer the stream and defeat the demo
                new Header("X-Accel-Buffering", "no"),
                new Header("X-Content-Type-Options", "nosniff")));
        return () -> new Lines(lines, interval);
    }

    /** The lines, each produced when the server asks for it: the first at once, the rest {@code interval} apart. */
    private static final class Lines implements Iterator<byte[]> {
        private final int count;
        private final long intervalNanos;
        private long start;
        private int next = 1;

        Lines(int count, int intervalMs) {
            this.count = count;
            this.intervalNanos = intervalMs * 1_000_000L;
        }

        @Override
        public boolean hasNext() {
            return next <= count;
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long now = System.nanoTime();
            if (next == 1) {
                start = now;
            } else {
                // due times are counted from the start, so the lines do not drift by the time sending takes
                long due = start + (next - 1) * intervalNanos;
                try {
                    while (now < due) {
                        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(due - now);
                        now = System.nanoTime();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    // failing (not ending early) makes the server abort the connection: a cut stream must not look complete
                    throw new IllegalStateException("the stream was interrupted before line " + next + " of " + count, e);
                }
            }
            String line = "line " + next + " of " + count + " at +" + (now - start) / 1_000_000 + " ms\n";
            next++;
            return line.getBytes(UTF_8);
        }
    }

    private static int number(Form query, String name, int fallback, int min, int max) {
        String raw = query.first(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the range, like an out-of-range number
        }
        throw new ClientError("400 Bad Request", "\"" + name + "\" must be a whole number from " + min + " to " + max
                + ", not \"" + raw + "\"", null);
    }

    private static Iterable<byte[]> ticker(Map<String, Object> environ, StartResponse startResponse) {
        Form query = Form.fromQuery(environ, GreetPage.FORM_OPTIONS);
        int lines = number(query, "lines", 10, 1, MAX_LINES);
        int interval = number(query, "interval", 200, 0, MAX_INTERVAL_MS);
        String src = Html.url(environ, "/stream") + "?lines=" + lines + "&interval=" + interval;
        String body = """
                <p>The server produces one line every %d ms; each is sent as soon as it exists, and this page
                shows when it arrived. Compare with <a href="%s">the raw stream</a>.</p>
                <form method="get" action="%s">
                <label>lines <input name="lines" type="number" min="1" max="%d" value="%d"></label>
                <label>interval (ms) <input name="interval" type="number" min="0" max="%d" value="%d"></label>
                <button type="submit">Restart</button>
                </form>
                <p id="status">waiting for the first line…</p>
                <ol id="lines" data-src="%s"></ol>
                <script src="%s"></script>
                """.formatted(interval, Html.escape(src), Html.escape(Html.url(environ, "/ticker")), MAX_LINES, lines,
                MAX_INTERVAL_MS, interval, Html.escape(src), Html.escape(Html.url(environ, "/static/ticker.js")));
        return Responses.html(startResponse, "200 OK", Html.page(environ, "Live stream", body));
    }
}
