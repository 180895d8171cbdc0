package org.jwsgi;

import java.util.List;

/**
 * PEP 3333's {@code start_response(status, response_headers, exc_info=None)}.
 *
 * <p>Rules every server enforces (see {@code org.jwsgi.gateway.ResponseStarter}):
 * <ul>
 *   <li>{@code status} is {@code "NNN Reason phrase"}: three digits, a space, a reason of
 *       visible characters (it may be empty after the space);</li>
 *   <li>headers are {@link Header}s, which refuse CR, LF and characters above U+00FF; hop-by-hop
 *       headers ({@code Connection}, {@code Transfer-Encoding}, ...) are the server's business and
 *       are refused;</li>
 *   <li>a second call without {@code excInfo} throws {@link IllegalStateException};</li>
 *   <li>a call with {@code excInfo} before the headers were sent replaces status and headers;
 *       after they were sent it rethrows {@code excInfo}.</li>
 * </ul>
 * Nothing goes on the wire until the first non-empty body chunk (or the end of the body).
 *
 * <pre>{@code
 * try {
 *     startResponse.start("200 OK", List.of(new Header("Content-Type", "text/html")));
 *     return render(environ);
 * } catch (Exception e) {
 *     startResponse.start("500 Internal Server Error", List.of(), e);
 *     return List.of("oops".getBytes(StandardCharsets.US_ASCII));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StartResponse {

    /**
     * Sets the status and headers of the response.
     *
     * @param status the status line's code and reason, e.g. {@code "404 Not Found"}
     * @param headers the response headers, in order
     * @param excInfo the failure being reported, or {@code null} on the ordinary path
     * @return the legacy write callable
     */
    Write start(String status, List<Header> headers, Throwable excInfo);

    /** The ordinary call: {@code start(status, headers, null)}. */
    default Write start(String status, List<Header> headers) {
        return start(status, headers, null);
    }
}
