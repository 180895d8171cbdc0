package org.jwsgi.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

class DemoAppTest {

    private String status;
    private List<Header> headers;
    private int starts;

    private final StartResponse capture = (s, h, excInfo) -> {
        status = s;
        headers = h;
        starts++;
        return data -> {
            throw new AssertionError("the demo app does not use the write callable");
        };
    };

    private static byte[] body(Iterable<byte[]> chunks) {
        List<Byte> all = new ArrayList<>();
        for (byte[] chunk : chunks) {
            for (byte b : chunk) {
                all.add(b);
            }
        }
        byte[] out = new byte[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    @Test
    void answersTheStringEntriesOfTheEnvironAsSortedAsciiJson() throws Exception {
        ByteArrayInputStream input = new ByteArrayInputStream("abcdefg".getBytes(ISO_8859_1));
        Map<String, Object> environ = new HashMap<>();
        environ.put("REQUEST_METHOD", "POST");
        environ.put("PATH_INFO", "/caf\u00c3\u00a9");
        environ.put("QUERY_STRING", "q=\"x\"");
        environ.put("HTTP_X_NAME", "Ren\u00e9");
        environ.put("HTTP_X_CTRL", "a\u0001b");
        environ.put("SERVER_PORT", "8000");
        environ.put("wsgi.url_scheme", "http");
        environ.put("wsgi.input", input);
        environ.put("wsgi.errors", new PrintWriter(new StringWriter()));
        environ.put("wsgi.version", List.of(1, 0));
        environ.put("wsgi.multithread", Boolean.TRUE);
        environ.put("wsgi.multiprocess", Boolean.FALSE);
        environ.put("wsgi.run_once", Boolean.FALSE);
        environ.put("wsgi.input_terminated", Boolean.TRUE);
        environ.put("x.custom", 42);

        byte[] body = body(new DemoApp().call(environ, capture));
        String json = new String(body, ISO_8859_1);

        assertThat(starts).isEqualTo(1);
        assertThat(status).isEqualTo("200 OK");
        assertThat(headers).containsExactly(
                new Header("Content-Type", "application/json"),
                new Header("Content-Length", Integer.toString(body.length)));
        assertThat(input.available()).as("bytes left unread in wsgi.input").isZero();
        for (byte b : body) {
            assertThat(b & 0xFF).as("body byte").isBetween(0x20, 0x7E);
        }
        assertThat(json).isEqualTo("{"
                + "\"HTTP_X_CTRL\":\"a\\u0001b\","
                + "\"HTTP_X_NAME\":\"Ren\\u00e9\","
                + "\"PATH_INFO\":\"/caf\\u00c3\\u00a9\","
                + "\"QUERY_STRING\":\"q=\\\"x\\\"\","
                + "\"REQUEST_METHOD\":\"POST\","
                + "\"SERVER_PORT\":\"8000\","
                + "\"wsgi.input.read\":7,"
                + "\"wsgi.multiprocess\":false,"
                + "\"wsgi.multithread\":true,"
                + "\"wsgi.run_once\":false,"
                + "\"wsgi.url_scheme\":\"http\","
                + "\"wsgi.version\":[1,0]"
                + "}");
        assertThat(keys(json)).isSorted().doesNotContain("x.custom", "wsgi.errors", "wsgi.input",
                "wsgi.input_terminated");
    }

    @Test
    void readsNothingAndSaysFalseWhenTheEnvironLacksThoseEntries() throws Exception {
        String json = new String(body(new DemoApp().call(new HashMap<>(), capture)), ISO_8859_1);
        assertThat(json).isEqualTo("{\"wsgi.input.read\":0,\"wsgi.multiprocess\":false,"
                + "\"wsgi.multithread\":false,\"wsgi.run_once\":false,\"wsgi.version\":[1,0]}");
        assertThat(Header.first(headers, "Content-Length")).isEqualTo(Integer.toString(json.length()));
    }

    private static List<String> keys(String json) {
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\":").matcher(json);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
