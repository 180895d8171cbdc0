package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jwsgi.server.ServerOptions;
import org.jwsgi.server.WsgiServer;
import org.junit.jupiter.api.Test;

class SampleAppTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> get(WsgiServer server, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    @Test
    void servesTheHomePageGreetingAndEnviron() throws Exception {
        try (WsgiServer server = WsgiServer.create(new SampleApp(), ServerOptions.defaults().withPort(0)).start()) {
            assertThat(get(server, "/").body()).contains("<h1>jwsgi sample</h1>");
            HttpResponse<String> hello = get(server, "/hello?name=Ren%C3%A9+D");
            assertThat(hello.body()).isEqualTo("Hello, René D!\n");
            assertThat(hello.headers().firstValue("content-length")).hasValue(
                    Integer.toString("Hello, René D!\n".getBytes(UTF_8).length));
            assertThat(get(server, "/environ").body()).contains("\"PATH_INFO\":\"/environ\"");
            HttpResponse<String> missing = get(server, "/nope");
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }
}
