package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import org.jwsgi.Application;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

/**
 * Each test runs once per backend on the class path: [builtin], [jetty] and [tomcat].
 * {@code @EachBackend} takes the place of {@code @Test}.
 */
class AppTest {

    @ServedApp
    static final Application APP = new App();

    @EachBackend
    void greetsByName(TestClient client) {
        TestResponse response = client.get("/?name=Ada");

        assertThat(response.status()).isEqualTo(200);
        // not isEqualTo("text/plain; charset=utf-8"): Jetty and Tomcat send "text/plain;charset=utf-8"
        assertThat(response.header("Content-Type")).startsWith("text/plain;").endsWith("charset=utf-8");
        assertThat(response.text()).isEqualTo("Hello, Ada!\n");
    }

    @EachBackend
    void answers404ForOtherPaths(TestClient client) {
        assertThat(client.get("/nope").status()).isEqualTo(404);
    }
}
