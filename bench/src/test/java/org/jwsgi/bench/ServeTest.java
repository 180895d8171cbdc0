package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServeTest {

    @Test
    void readsThePortOfAReadyLineAndOfTheClisFirstLine() {
        assertThat(Serve.readyPort("READY 41235")).hasValue(41235);
        assertThat(Serve.readyPort("jwsgi: serving bench on http://127.0.0.1:41236/ (builtin server, a platform"
                + " thread per connection, at most 10000 connections)")).hasValue(41236);
        assertThat(Serve.readyPort("jwsgi: serving bench on http://[::1]:8000/ (jetty server, ...)")).hasValue(8000);
        assertThat(Serve.readyPort("2026-12-03 10:00:00 INFO something")).isEqualTo(OptionalInt.empty());
        assertThat(Serve.readyPort("jwsgi: stopped")).isEqualTo(OptionalInt.empty());
    }
}
