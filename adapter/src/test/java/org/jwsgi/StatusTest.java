package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusTest {

    record Parsed(String status, int code, String reason) {
        @Override
        public String toString() {
            return '"' + status + '"';
        }
    }

    static Stream<Parsed> validStatuses() {
        return Stream.of(
                new Parsed("200 OK", 200, "OK"),
                new Parsed("204 ", 204, ""),
                new Parsed("404 Not Found", 404, "Not Found"),
                new Parsed("100 Continue", 100, "Continue"),
                new Parsed("599 Whatever Ca\u00e7a\tgoes", 599, "Whatever Ca\u00e7a\tgoes"),
                new Parsed("200  OK", 200, " OK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validStatuses")
    void parsesCodeSpaceReason(Parsed c) {
        Status s = Status.parse(c.status());
        assertThat(s.code()).isEqualTo(c.code());
        assertThat(s.reason()).isEqualTo(c.reason());
        assertThat(s).hasToString(c.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "200", "200OK", "2000 X", "20 OK", "abc OK", "99 X", "099 X", "600 X", "999 X",
        " 200 OK", "-20 X", "200 O\rK", "200 OK\r\n", "200 O\nK", "200 O\0K", "200 \u0100", "\u0662\u0660\u0660 OK"})
    void refusesStatusOfAnotherShape(String status) {
        assertThatIllegalArgumentException().isThrownBy(() -> Status.parse(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 199, 204, 304})
    void knowsStatusesWithoutBody(int code) {
        assertThat(new Status(code, "x").forbidsBody()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 205, 303, 404, 500})
    void knowsStatusesWithBody(int code) {
        assertThat(new Status(code, "x").forbidsBody()).isFalse();
    }
}
