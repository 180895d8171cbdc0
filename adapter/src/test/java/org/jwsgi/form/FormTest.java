package org.jwsgi.form;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jwsgi.util.ClientError;

class FormTest {

    private static Map<String, Object> post(String contentType, String body) {
        Map<String, Object> env = new HashMap<>();
        if (contentType != null) {
            env.put("CONTENT_TYPE", contentType);
        }
        byte[] bytes = body.getBytes(ISO_8859_1);
        env.put("CONTENT_LENGTH", Integer.toString(bytes.length));
        env.put("wsgi.input", new ByteArrayInputStream(bytes));
        return env;
    }

    private static Map<String, Object> copy(Map<String, Object> env) throws IOException {
        Map<String, Object> copy = new HashMap<>(env);
        InputStream in = (InputStream) env.get("wsgi.input");
        in.mark(Integer.MAX_VALUE);
        copy.put("wsgi.input", new ByteArrayInputStream(in.readAllBytes()));
        in.reset();
        return copy;
    }

    @Test
    void looksUpFieldsByName() {
        Form form = Form.parse("tag=a&page=2&tag=b");

        assertThat(form.first("tag")).isEqualTo("a");
        assertThat(form.all("tag")).containsExactly("a", "b");
        assertThat(form.first("nope")).isNull();
        assertThat(form.first("nope", "1")).isEqualTo("1");
        assertThat(form.all("nope")).isEmpty();
        assertThat(form.names()).containsExactly("tag", "page");
        assertThat(form.toMap()).containsEntry("tag", List.of("a", "b"));
        assertThat(form.size()).isEqualTo(3);
        assertThat(form.toQueryString()).isEqualTo("tag=a&page=2&tag=b");
    }

    @Test
    void readsTheQueryStringOfTheEnviron() {
        assertThat(Form.fromQuery(Map.of("QUERY_STRING", "q=caf%C3%A9")).first("q")).isEqualTo("caf\u00e9");
        assertThat(Form.fromQuery(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void readsAnUrlencodedBody() throws IOException {
        Form form = Form.fromBody(post("application/x-www-form-urlencoded", "name=Ren%C3%A9&message=hi+there"));

        assertThat(form.first("name")).isEqualTo("Ren\u00e9");
        assertThat(form.first("message")).isEqualTo("hi there");
    }

    @Test
    void readsExactlyContentLengthBytes() throws IOException {
        Map<String, Object> env = post("application/x-www-form-urlencoded", "a=1&b=2NEXT");
        env.put("CONTENT_LENGTH", "7");

        assertThat(Form.fromBody(env).pairs()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(((InputStream) env.get("wsgi.input")).readAllBytes()).asString().isEqualTo("NEXT");
    }

    @Test
    void readsToTheEndWithoutContentLengthOnlyWhenTheInputIsTerminated() throws IOException {
        Map<String, Object> env = post("application/x-www-form-urlencoded", "a=1");
        env.remove("CONTENT_LENGTH");
        assertThat(Form.fromBody(env).isEmpty()).isTrue();

        env = post("application/x-www-form-urlencoded", "a=1");
        env.remove("CONTENT_LENGTH");
        env.put("wsgi.input_terminated", true);
        assertThat(Form.fromBody(env).first("a")).isEqualTo("1");
    }

    @ParameterizedTest(name = "charset from [{0}] and body [{1}]")
    @CsvSource(delimiter = '|', value = {
            "application/x-www-form-urlencoded; charset=ISO-8859-1 | name=Ren%E9",
            "application/x-www-form-urlencoded                     | _charset_=windows-1252&name=Ren%E9",
            "application/x-www-form-urlencoded                     | name=Ren%E9&_charset_=ISO-8859-1",
            "Application/X-WWW-Form-Urlencoded;charset=\"utf-8\"   | name=Ren%C3%A9",
    })
    void decodesInTheCharsetTheRequestNames(String type, String body) throws IOException {
        Form form = Form.fromBody(post(type, body), FormOptions.defaults().withStrict(true));

        assertThat(form.first("name")).isEqualTo("Ren\u00e9");
    }

    record Refusal(String contentType, String body, long maxBytes, int maxFields, String status, String message) {
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "text/plain                                           | a=1          | 100 | 10 | 415 | a form must be sent as application/x-www-form-urlencoded, not \"text/plain\"",
            "NULL                                                 | a=1          | 100 | 10 | 415 | a form must be sent as application/x-www-form-urlencoded, not without a Content-Type",
            "application/x-www-form-urlencoded; charset=klingon   | a=1          | 100 | 10 | 415 | the charset the Content-Type names is not one this server decodes: \"klingon\"",
            "application/x-www-form-urlencoded; charset=UTF-16    | a=1          | 100 | 10 | 415 | the charset the Content-Type names is not one this server decodes: \"UTF-16\"",
            "application/x-www-form-urlencoded                    | _charset_=x  | 100 | 10 | 415 | the charset the _charset_ field names is not one this server decodes: \"x\"",
            "application/x-www-form-urlencoded                    | a=1&b=2      | 6   | 10 | 413 | the form body (7 bytes) is larger than maxBytes=6",
            "application/x-www-form-urlencoded                    | a=1&b=2&c=3  | 100 | 2  | 413 | the form body has 3 fields, more than maxFields=2",
            "application/x-www-form-urlencoded                    | x=%zz        | 100 | 10 | 400 | malformed percent-escape \"%zz\" in field \"x=%zz\" of the form body",
    })
    void refusesWithTheStatusToAnswer(String type, String body, long maxBytes, int maxFields, int status, String message) {
        FormOptions options = FormOptions.defaults().withStrict(true).withMaxBytes(maxBytes).withMaxFields(maxFields);

        assertThatThrownBy(() -> Form.fromBody(post(type, body), options))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.code()).isEqualTo(status))
                .hasMessage(message);
    }

    @Test
    void refusesAnOversizedBodyBeforeReadingIt() {
        Map<String, Object> env = post("application/x-www-form-urlencoded", "a=1");
        env.put("CONTENT_LENGTH", "5000000000");
        env.put("wsgi.input", new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read although CONTENT_LENGTH was over the limit");
            }
        });

        assertThatThrownBy(() -> Form.fromBody(env)).isInstanceOfSatisfying(ClientError.class, e -> {
            assertThat(e.status()).isEqualTo("413 Content Too Large");
            assertThat(e.limit()).isEqualTo("maxBytes");
        }).hasMessage("the form body (5000000000 bytes) is larger than maxBytes=1048576");
    }

    @Test
    void refusesAnUnterminatedBodyThatGrowsPastTheLimit() throws IOException {
        Map<String, Object> env = post("application/x-www-form-urlencoded", "a=" + "x".repeat(100));
        env.remove("CONTENT_LENGTH");
        env.put("wsgi.input_terminated", true);

        assertThat(Form.fromBody(copy(env), FormOptions.defaults().withMaxBytes(102)).first("a")).hasSize(100);
        assertThatThrownBy(() -> Form.fromBody(env, FormOptions.defaults().withMaxBytes(101)))
                .isInstanceOf(ClientError.class).hasMessage("the form body is larger than maxBytes=101");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12    | a=1  | 400 | the form body ended after 3 of the 12 bytes CONTENT_LENGTH announced",
            "-1    | a=1  | 400 | CONTENT_LENGTH is not a number: \"-1\"",
            "1e3   | a=1  | 400 | CONTENT_LENGTH is not a number: \"1e3\"",
    })
    void refusesABodyThatDoesNotMatchItsContentLength(String length, String body, int status, String message) {
        Map<String, Object> env = post("application/x-www-form-urlencoded", body);
        env.put("CONTENT_LENGTH", length);

        assertThatThrownBy(() -> Form.fromBody(env)).isInstanceOfSatisfying(ClientError.class,
                e -> assertThat(e.code()).isEqualTo(status)).hasMessage(message);
    }

    @Test
    void answersAClientErrorAsPlainText() {
        ClientError error = ClientError.tooLarge("the form body is larger than maxBytes=10", "maxBytes");
        String[] status = new String[1];
        List<byte[]> body = error.respond((s, headers, exc) -> {
            status[0] = s + " " + headers;
            return null;
        });

        assertThat(status[0]).startsWith("413 Content Too Large [Header[name=Content-Type, value=text/plain; charset=utf-8]");
        assertThat(new String(body.get(0), UTF_8)).isEqualTo("the form body is larger than maxBytes=10\n");
    }
}
