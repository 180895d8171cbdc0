package org.jwsgi.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What both logging-backend tests send; free of Logback's and Log4j's types, which only one of their JVMs has. */
final class Requests {
    private Requests() {
    }

    static void get(URI uri) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
