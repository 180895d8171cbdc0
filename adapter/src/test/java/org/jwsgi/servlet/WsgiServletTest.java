package org.jwsgi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.StartResponse;
import org.jwsgi.cli.HelloApp;
import org.jwsgi.gateway.WsgiEnviron;

/** {@link WsgiServlet}: finds its application and wires the bridge. */
class WsgiServletTest {

    /** Not an application. */
    public static final class NotAnApp {
    }

    /** An application without a no-argument constructor. */
    public static final class NeedsArgs implements Application {
        public NeedsArgs(String unused) {
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
            return List.of();
        }
    }

    /** An application whose constructor fails. */
    public static final class Explodes implements Application {
        public Explodes() {
            throw new IllegalStateException("no config file");
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
            return List.of();
        }
    }

    private static WsgiServlet initialised(String param) throws ServletException {
        ServletConfig config = mock(ServletConfig.class);
        when(config.getServletName()).thenReturn("app");
        when(config.getInitParameter(WsgiServlet.APPLICATION)).thenReturn(param);
        WsgiServlet servlet = new WsgiServlet();
        servlet.init(config);
        return servlet;
    }

    private static final Application NEVER_CALLED = (env, sr) -> {
        throw new AssertionError("the application must not run");
    };

    @Test
    void refusesConnectWith501BeforeTheApplicationRuns() throws Exception {
        FakeResponse response = new FakeResponse();

        new WsgiServlet(NEVER_CALLED).service(new FakeRequest("CONNECT", "x:443", null).request, response.response);

        assertThat(response.status).isEqualTo(501);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.text()).isEqualTo("501 Not Implemented\nCONNECT is not supported: this server is not a proxy\n");
    }

    @Test
    void refusesAPathClimbingAboveTheRootWith400BeforeTheApplicationRuns() throws Exception {
        FakeResponse response = new FakeResponse();

        new WsgiServlet(NEVER_CALLED).service(FakeRequest.get("/a/%2e%2e/%2E%2E/etc/passwd").request, response.response);

        assertThat(response.status).isEqualTo(400);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.text()).isEqualTo("400 Bad Request\n" + WsgiEnviron.PATH_ABOVE_ROOT + "\n");
    }

    @Test
    void loadsTheApplicationNamedByTheInitParameter() throws ServletException {
        assertThat(initialised(" " + HelloApp.class.getName() + "\n").application()).isInstanceOf(HelloApp.class);
    }

    @Test
    void keepsTheApplicationGivenToItsConstructor() throws ServletException {
        Application app = new HelloApp();
        WsgiServlet servlet = new WsgiServlet(app);
        ServletConfig config = mock(ServletConfig.class);
        when(config.getInitParameter(WsgiServlet.APPLICATION)).thenReturn("ignored.Nope");
        servlet.init(config);

        assertThat(servlet.application()).isSameAs(app);
    }

    @Test
    void refusesToStartWithoutTheInitParameterNamingIt() {
        assertThatThrownBy(() -> initialised(null)).isInstanceOf(ServletException.class)
                .hasMessage("servlet app: init parameter \"application\" must name the application class");
    }

    @Test
    void namesTheClassThatCannotBeUsed() {
        assertThatThrownBy(() -> initialised("com.example.Missing"))
                .hasMessage("application class not found: \"com.example.Missing\"");
        assertThatThrownBy(() -> initialised(NotAnApp.class.getName()))
                .hasMessageContaining("does not implement org.jwsgi.Application");
        assertThatThrownBy(() -> initialised(NeedsArgs.class.getName()))
                .hasMessageContaining("has no public no-argument constructor");
        assertThatThrownBy(() -> initialised(Explodes.class.getName()))
                .hasMessageContaining("constructing").hasRootCauseMessage("no config file");
    }

    @Test
    void refusesANullApplication() {
        assertThatThrownBy(() -> new WsgiServlet(null)).isInstanceOf(NullPointerException.class).hasMessage("app");
    }
}
