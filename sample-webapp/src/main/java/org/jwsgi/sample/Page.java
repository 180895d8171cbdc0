package org.jwsgi.sample;

import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.util.ClientError;

/**
 * One page as {@link SampleApp}'s dispatcher mounts it. The dispatcher matches path prefixes,
 * so the page itself answers {@code 404} for a path below it ({@code /greet/x}) and
 * {@code 405} with {@code Allow} for a method it does not take, and turns a
 * {@link ClientError} from the library's parsers (or its own checks) into the sample's error
 * page, in HTML or, for the JSON API, in JSON. Failures of any other kind are left to
 * {@code ErrorCatcher}: they are the server's fault, not the client's.
 *
 * <pre>{@code
 * Dispatcher.builder().mount("/greet", Page.post(GreetPage.FORM)).fallback(Page.get(new HomePage()).home())
 * }</pre>
 */
final class Page implements Application {

    private static final List<String> GET = List.of("GET", "HEAD");

    private final List<String> methods;
    private final Application page;
    private final boolean json;
    private final boolean home;

    private Page(List<String> methods, Application page, boolean json, boolean home) {
        this.methods = methods;
        this.page = page;
        this.json = json;
        this.home = home;
    }

    /** A page answering GET and HEAD (the server drops the body of a HEAD). */
    static Page get(Application page) {
        return new Page(GET, page, false, false);
    }

    /** A page answering POST only. */
    static Page post(Application page) {
        return new Page(List.of("POST"), page, false, false);
    }

    /** This page with its errors in JSON, for API clients. */
    Page json() {
        return new Page(methods, page, true, home);
    }

    /**
     * This page as the dispatcher's fallback: it answers {@code /} and the bare context path
     * ({@code ""}, which a servlet container may pass through), and is the {@code 404} for
     * every path nothing is mounted at.
     */
    Page home() {
        return new Page(methods, page, json, true);
    }

    /** The {@code 404} for every path under a mount that has no page there. */
    static Application notFound(boolean json) {
        return new Page(GET, null, json, false).missing();
    }

    private Application missing() {
        return (environ, startResponse) -> error(environ, startResponse, "404 Not Found",
                "no page at " + Html.text(Html.appPath(environ)), null);
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        String rest = (String) environ.getOrDefault(Environ.PATH_INFO, "");
        if (!(rest.isEmpty() || home && rest.equals("/"))) {
            return missing().call(environ, startResponse);
        }
        String method = (String) environ.get(Environ.REQUEST_METHOD);
        if (!methods.contains(method)) {
            Header allow = new Header("Allow", String.join(", ", methods));
            return error(environ, startResponse, "405 Method Not Allowed",
                    Html.text(Html.appPath(environ)) + " takes " + allow.value() + ", not " + method, null, allow);
        }
        try {
            return page.call(environ, startResponse);
        } catch (ClientError e) {
            return error(environ, startResponse, e.status(), e.getMessage(), e);
        }
    }

    private Iterable<byte[]> error(Map<String, Object> environ, StartResponse startResponse, String status,
            String message, Throwable excInfo, Header... extra) {
        return json ? Responses.jsonError(startResponse, status, message, excInfo, extra)
                : Responses.error(environ, startResponse, status, message, excInfo, extra);
    }
}
