package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

/** Every test here runs once per backend: [builtin], [jetty] and [tomcat]. */
@EachBackend
class AppTest {

    @ServedApp
    static final Application APP = new App();

    @Test
    void greetsByName(TestClient client) {
        TestResponse response = client.get("/?name=Ada");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.text()).isEqualTo("Hello, Ada!\n");
    }

    @Test
    void answers404ForOtherPaths(TestClient client) {
        assertThat(client.get("/nope").status()).isEqualTo(404);
    }
}
