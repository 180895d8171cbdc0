package org.jwsgi.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc-123", "0af7651916cd43dd8448eb211c80319c", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "!~{}|\""})
    void keepsAnAcceptableIncomingId(String id) {
        assertThat(RequestIds.choose(id, false)).isEqualTo(id);
        assertThat(RequestIds.choose(id, true)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\t", "line\nbreak", "caf\u00e9", "\u007f"})
    void replacesAnUnacceptableIdOnlyWhenAskedToGenerate(String id) {
        assertThat(RequestIds.choose(id, false)).isNull();
        assertThat(RequestIds.choose(id, true)).matches("[0-9a-f]{32}");
    }

    @Test
    void boundsTheLengthAt200() {
        assertThat(RequestIds.acceptable("x".repeat(200))).isTrue();
        assertThat(RequestIds.acceptable("x".repeat(201))).isFalse();
    }

    @Test
    void generatesWhenNoneCameOnlyWhenAsked() {
        assertThat(RequestIds.choose(null, false)).isNull();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(RequestIds.choose(null, true));
        }
        assertThat(ids).hasSize(1000).allMatch(id -> id.matches("[0-9a-f]{32}"));
    }
}
