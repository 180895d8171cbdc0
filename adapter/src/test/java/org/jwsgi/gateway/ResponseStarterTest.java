package org.jwsgi.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.Header;
import org.jwsgi.Status;
import org.jwsgi.Write;

class ResponseStarterTest {

    private final List<byte[]> sent = new ArrayList<>();
    private final ResponseStarter starter = new ResponseStarter(sent::add);

    private static final List<Header> PLAIN = List.of(new Header("Content-Type", "text/plain"));

    @Test
    void recordsStatusAndHeaders() {
        assertThat(starter.started()).isFalse();
        assertThat(starter.status()).isNull();
        starter.start("201 Created", PLAIN);
        assertThat(starter.started()).isTrue();
        assertThat(starter.status()).isEqualTo(new Status(201, "Created"));
        assertThat(starter.headers()).isEqualTo(PLAIN);
    }

    @Test
    void keepsItsOwnCopyOfTheHeaders() {
        List<Header> headers = new ArrayList<>(PLAIN);
        starter.start("200 OK", headers);
        headers.add(new Header("X-Late", "1"));
        assertThat(starter.headers()).isEqualTo(PLAIN);
    }

    @Test
    void refusesSecondStartWithoutExcInfo() {
        starter.start("200 OK", PLAIN);
        assertThatIllegalStateException()
                .isThrownBy(() -> starter.start("500 Internal Server Error", List.of()))
                .withMessageContaining("already called");
        assertThat(starter.status().code()).isEqualTo(200);
    }

    @Test
    void replacesStatusAndHeadersWithExcInfoBeforeCommit() {
        starter.start("200 OK", PLAIN);
        List<Header> error = List.of(new Header("Content-Type", "text/html"));
        starter.start("500 Internal Server Error", error, new IllegalStateException("boom"));
        assertThat(starter.status().code()).isEqualTo(500);
        assertThat(starter.headers()).isEqualTo(error);
        assertThat(starter.committed()).isFalse();
    }

    @Test
    void acceptsExcInfoOnTheFirstCall() {
        starter.start("500 Internal Server Error", List.of(), new RuntimeException("boom"));
        assertThat(starter.status().code()).isEqualTo(500);
    }

    static Stream<Throwable> failures() {
        return Stream.of(new IOException("client gone"), new IllegalStateException("boom"),
                new Exception("checked"), new StackOverflowError());
    }

    @ParameterizedTest
    @MethodSource("failures")
    void rethrowsTheVeryExcInfoAfterCommit(Throwable failure) {
        starter.start("200 OK", PLAIN);
        starter.markCommitted();
        assertThat(starter.committed()).isTrue();
        assertThatThrownBy(() -> starter.start("500 Internal Server Error", List.of(), failure)).isSameAs(failure);
        assertThat(starter.status().code()).isEqualTo(200);
        assertThat(starter.headers()).isEqualTo(PLAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "Transfer-Encoding", "keep-alive", "Upgrade", "TE", "Trailer"})
    void refusesHopByHopHeader(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> starter.start("200 OK", List.of(new Header(name, "x"))))
                .withMessageContaining(name);
        assertThat(starter.started()).isFalse();
    }

    @Test
    void refusesMalformedStatus() {
        assertThatIllegalArgumentException().isThrownBy(() -> starter.start("200", PLAIN));
        assertThat(starter.started()).isFalse();
    }

    @Test
    void requiresStartBeforeTheBody() {
        assertThatIllegalStateException().isThrownBy(starter::requireStarted)
                .withMessageContaining("start_response was not called");
    }

    @Test
    void writeCallableSendsTheBytesToTheSink() throws IOException {
        Write write = starter.start("200 OK", PLAIN);
        byte[] data = {1, 2, 3};
        write.write(data);
        assertThat(sent).containsExactly(data);
    }

    @Test
    void writeCallableRefusesNull() {
        Write write = starter.start("200 OK", PLAIN);
        assertThatThrownBy(() -> write.write(null)).isInstanceOf(NullPointerException.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void writeCallablePassesTheSinksFailureOn() {
        IOException gone = new IOException("client gone");
        Write write = new ResponseStarter(data -> {
            throw gone;
        }).start("200 OK", PLAIN);
        assertThatThrownBy(() -> write.write(new byte[1])).isSameAs(gone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "42", " 42 ", "007", "999999999999999999"})
    void readsTheApplicationsContentLength(String value) {
        starter.start("200 OK", List.of(new Header("content-length", value)));
        assertThat(starter.contentLength()).isEqualTo(Long.parseLong(value.strip()));
    }

    @Test
    void reportsNoContentLengthAsMinusOne() {
        starter.start("200 OK", PLAIN);
        assertThat(starter.contentLength()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "-1", "+5", "1 2", "0x5", "1,1", "1234567890123456789"})
    void refusesContentLengthThatIsNotALength(String value) {
        starter.start("200 OK", List.of(new Header("Content-Length", value)));
        assertThatIllegalArgumentException().isThrownBy(starter::contentLength).withMessageContaining("Content-Length");
    }

    @Test
    void refusesTwoContentLengths() {
        starter.start("200 OK", List.of(new Header("Content-Length", "5"), new Header("Content-Length", "5")));
        assertThatIllegalArgumentException().isThrownBy(starter::contentLength).withMessageContaining("twice");
    }

    @Test
    void refusesToReadTheContentLengthBeforeStartResponse() {
        assertThatThrownBy(starter::contentLength).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start_response");
    }
}
