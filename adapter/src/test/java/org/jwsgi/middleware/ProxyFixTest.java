package org.jwsgi.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jwsgi.Application;
import org.jwsgi.util.Uris;

class ProxyFixTest {

    /** The environ the inner application sees for a request with {@code headers} (environ keys). */
    private static Map<String, Object> seen(ProxyFix proxy, String... headers) throws Exception {
        Map<String, Object> env = new HashMap<>(Map.of("REMOTE_ADDR", "10.0.0.1", "wsgi.url_scheme", "http",
                "HTTP_HOST", "internal:8000", "SERVER_NAME", "internal", "SERVER_PORT", "8000"));
        for (int i = 0; i < headers.length; i += 2) {
            env.put(headers[i], headers[i + 1]);
        }
        Map<String, Object>[] inner = new Map[1];
        Application app = (e, sr) -> {
            inner[0] = new HashMap<>(e);
            return java.util.List.of();
        };
        proxy.wrap(app).call(env, (s, h, x) -> d -> { });
        return inner[0];
    }

    @Test
    void trustsNothingByDefault() throws Exception {
        Map<String, Object> env = seen(ProxyFix.xForwarded(), "HTTP_X_FORWARDED_FOR", "1.2.3.4",
                "HTTP_X_FORWARDED_PROTO", "https", "HTTP_X_FORWARDED_HOST", "evil.example");
        assertThat(env).containsEntry("REMOTE_ADDR", "10.0.0.1").containsEntry("wsgi.url_scheme", "http")
                .containsEntry("HTTP_HOST", "internal:8000");
    }

    @Test
    void takesTheNthEntryFromTheRightForTheTrustedHops() throws Exception {
        String chain = "6.6.6.6, 1.2.3.4, 10.0.0.9";
        assertThat(seen(ProxyFix.xForwarded().withForHops(1), "HTTP_X_FORWARDED_FOR", chain))
                .containsEntry("REMOTE_ADDR", "10.0.0.9");
        assertThat(seen(ProxyFix.xForwarded().withForHops(2), "HTTP_X_FORWARDED_FOR", chain))
                .containsEntry("REMOTE_ADDR", "1.2.3.4");
        assertThat(seen(ProxyFix.xForwarded().withForHops(4), "HTTP_X_FORWARDED_FOR", chain))
                .containsEntry("REMOTE_ADDR", "10.0.0.1"); // fewer entries than trusted hops: ignored
    }

    @Test
    void appliesSchemeHostAndPortAndKeepsTheOriginals() throws Exception {
        Map<String, Object> env = seen(ProxyFix.xForwarded().withForHops(1).withProtoHops(1).withHostHops(1),
                "HTTP_X_FORWARDED_FOR", "203.0.113.7", "HTTP_X_FORWARDED_PROTO", "HTTPS",
                "HTTP_X_FORWARDED_HOST", "shop.example");
        assertThat(env).containsEntry("REMOTE_ADDR", "203.0.113.7").containsEntry("wsgi.url_scheme", "https")
                .containsEntry("HTTP_HOST", "shop.example").containsEntry("SERVER_NAME", "shop.example")
                .containsEntry("SERVER_PORT", "443");
        assertThat(env.get(ProxyFix.ORIGINAL)).isEqualTo(Map.of("REMOTE_ADDR", "10.0.0.1", "wsgi.url_scheme", "http",
                "HTTP_HOST", "internal:8000", "SERVER_NAME", "internal", "SERVER_PORT", "8000"));
        assertThat(Uris.applicationUri(env)).isEqualTo("https://shop.example/");
    }

    @Test
    void appliesAForwardedPortToHostAndServerPort() throws Exception {
        Map<String, Object> env = seen(ProxyFix.xForwarded().withHostHops(1).withPortHops(1),
                "HTTP_X_FORWARDED_HOST", "shop.example:9000", "HTTP_X_FORWARDED_PORT", "8443");
        assertThat(env).containsEntry("HTTP_HOST", "shop.example:8443").containsEntry("SERVER_PORT", "8443")
                .containsEntry("SERVER_NAME", "shop.example");
    }

    @Test
    void ignoresAHeaderWhoseHopCountIsZeroEvenWhenOthersAreTrusted() throws Exception {
        Map<String, Object> env = seen(ProxyFix.xForwarded().withForHops(1), "HTTP_X_FORWARDED_FOR", "203.0.113.7",
                "HTTP_X_FORWARDED_HOST", "evil.example");
        assertThat(env).containsEntry("REMOTE_ADDR", "203.0.113.7").containsEntry("HTTP_HOST", "internal:8000");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "HTTP_X_FORWARDED_FOR   | not-an-ip",
            "HTTP_X_FORWARDED_FOR   | 1.2.3.256",
            "HTTP_X_FORWARDED_FOR   | 1.2.3",
            "HTTP_X_FORWARDED_FOR   | example.org",
            "HTTP_X_FORWARDED_FOR   | 1:2",
            "HTTP_X_FORWARDED_FOR   | ''",
            "HTTP_X_FORWARDED_PROTO | javascript",
            "HTTP_X_FORWARDED_HOST  | evil.example/path",
            "HTTP_X_FORWARDED_HOST  | a b",
            "HTTP_X_FORWARDED_HOST  | host:0",
            "HTTP_X_FORWARDED_HOST  | host:99999",
            "HTTP_X_FORWARDED_HOST  | [zz]",
            "HTTP_X_FORWARDED_PORT  | 65536",
            "HTTP_X_FORWARDED_PORT  | 80x",
    })
    void ignoresMalformedValues(String key, String value) throws Exception {
        ProxyFix all = ProxyFix.xForwarded().withForHops(1).withProtoHops(1).withHostHops(1).withPortHops(1);
        Map<String, Object> env = seen(all, key, value);
        assertThat(env).containsEntry("REMOTE_ADDR", "10.0.0.1").containsEntry("wsgi.url_scheme", "http")
                .containsEntry("HTTP_HOST", "internal:8000").containsEntry("SERVER_PORT", "8000");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.9           | 203.0.113.9",
            "203.0.113.9:4711      | 203.0.113.9",
            "2001:db8::1           | 2001:db8::1",
            "[2001:db8::1]         | 2001:db8::1",
            "[2001:db8::1]:4711    | 2001:db8::1",
            "::ffff:192.0.2.1      | ::ffff:192.0.2.1",
    })
    void acceptsIpv4AndIpv6WithOrWithoutAPort(String value, String expected) throws Exception {
        assertThat(seen(ProxyFix.xForwarded().withForHops(1), "HTTP_X_FORWARDED_FOR", value))
                .containsEntry("REMOTE_ADDR", expected);
    }

    @Test
    void readsTheTrustedElementOfForwarded() throws Exception {
        String header = "for=6.6.6.6;host=evil.example, for=\"[2001:db8:cafe::17]:4711\";proto=https;host=shop.example,"
                + " for=10.0.0.9";
        assertThat(seen(ProxyFix.forwarded(2), "HTTP_FORWARDED", header)).containsEntry("REMOTE_ADDR", "2001:db8:cafe::17")
                .containsEntry("wsgi.url_scheme", "https").containsEntry("HTTP_HOST", "shop.example")
                .containsEntry("SERVER_PORT", "443");
        Map<String, Object> one = seen(ProxyFix.forwarded(1), "HTTP_FORWARDED", header);
        assertThat(one).containsEntry("REMOTE_ADDR", "10.0.0.9").containsEntry("HTTP_HOST", "internal:8000")
                .containsEntry("wsgi.url_scheme", "http");
    }

    @Test
    void usesOneSourceOnlySoTheOtherCannotBeSpoofed() throws Exception {
        assertThat(seen(ProxyFix.xForwarded().withForHops(1), "HTTP_FORWARDED", "for=6.6.6.6"))
                .containsEntry("REMOTE_ADDR", "10.0.0.1");
        assertThat(seen(ProxyFix.forwarded(1), "HTTP_X_FORWARDED_FOR", "6.6.6.6"))
                .containsEntry("REMOTE_ADDR", "10.0.0.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"for=unknown", "for=_hidden", "for=\"1.2.3.4", "for", "for=1.2.3.4;for=5.6.7.8",
            "for=1.2.3.4 x", "=1.2.3.4", "for=1.2.3.4;;"})
    void ignoresAMalformedOrObfuscatedForwarded(String header) throws Exception {
        assertThat(seen(ProxyFix.forwarded(1), "HTTP_FORWARDED", header)).containsEntry("REMOTE_ADDR", "10.0.0.1");
    }

    @Test
    void refusesNegativeHopsAndPerHeaderCountsForForwarded() {
        assertThatThrownBy(() -> ProxyFix.xForwarded().withForHops(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> ProxyFix.forwarded(1).withHostHops(1)).isInstanceOf(IllegalStateException.class);
    }
}
