package org.jwsgi.gateway;

/**
 * How an {@link AccessEntry} becomes a line of an access log. Runs on the {@link AccessLog}'s
 * writer thread, so a format may take its time; {@link #COMMON} is the Common Log Format that
 * Apache, nginx and the bundled server's earlier versions write:
 * {@code 127.0.0.1 - - [26/Nov/2026:15:18:41 +0000] "GET / HTTP/1.1" 200 13}.
 *
 * <pre>{@code
 * AccessLog log = AccessLog.start(AccessLogSink.logger(), AccessLogFormat.COMMON, 16_384, AccessLog.WhenFull.BLOCK);
 * }</pre>
 */
@FunctionalInterface
public interface AccessLogFormat {

    /** The Common Log Format: local time as Apache writes it, {@code -} for an empty body or an unparsed request. */
    AccessLogFormat COMMON = new AccessLogFormat() {
        private final ClfTime clf = new ClfTime();

        @Override
        public String format(AccessEntry e) {
            StringBuilder s = new StringBuilder(96).append(e.remoteAddress()).append(" - - [")
                    .append(clf.time(Math.floorDiv(e.epochMillis(), 1000))).append("] \"");
            if (e.method() == null) {
                s.append('-');
            } else {
                s.append(e.method()).append(' ');
                String target = e.target();
                for (int i = 0; i < target.length(); i++) {
                    char c = target.charAt(i);
                    if (c == '"') {
                        s.append("%22"); // the quotes delimit the request line
                    } else {
                        s.append(c);
                    }
                }
                s.append(' ').append(e.protocol());
            }
            s.append("\" ").append(e.status()).append(' ');
            return (e.bytes() == 0 ? s.append('-') : s.append(e.bytes())).toString();
        }

        @Override
        public String toString() {
            return "common";
        }
    };

    /** The line for {@code entry}, without a line end. */
    String format(AccessEntry entry);
}
