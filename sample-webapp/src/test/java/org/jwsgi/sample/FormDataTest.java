package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDataTest {

    @Test
    void parsesRepeatsEmptyValuesAndPlus() {
        FormData f = FormData.fromQuery("a=1&b=&a=2&c&&d=x+y%2Bz&");
        assertThat(f.fields()).containsExactly(
                Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("")), Map.entry("c", List.of("")),
                Map.entry("d", List.of("x y+z")));
        assertThat(f.first("missing")).isNull();
        assertThat(f.all("missing")).isEmpty();
    }

    @Test
    void decodesNamesToo() {
        assertThat(FormData.fromQuery("na%6De=v").first("name")).isEqualTo("v");
    }

    @Test
    void refusesATruncatedEscapeAtTheEnd() {
        assertThatThrownBy(() -> FormData.fromQuery("a=%4")).isInstanceOf(ClientError.class)
                .hasMessageContaining("\"%\" at byte 2 is not followed by two hex digits")
                .extracting(e -> ((ClientError) e).status()).isEqualTo("400 Bad Request");
    }

    @Test
    void readsContentTypeParameters() {
        assertThat(FormData.parameter("multipart/form-data; boundary=abc", "boundary")).isEqualTo("abc");
        assertThat(FormData.parameter("multipart/form-data; charset=x;Boundary=\"a b;c\"", "boundary")).isEqualTo("a b;c");
        assertThat(FormData.parameter("form-data; name=\"file\"; filename=\"r\u00e9sum\u00e9.pdf\"", "filename"))
                .isEqualTo("r\u00e9sum\u00e9.pdf");
        assertThat(FormData.parameter("form-data; name=\"file\"", "filename")).isNull();
        assertThat(FormData.mediaType(" Multipart/Form-Data ; boundary=x")).isEqualTo("multipart/form-data");
    }
}
