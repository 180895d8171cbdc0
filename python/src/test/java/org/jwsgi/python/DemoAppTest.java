package org.jwsgi.python;

import java.util.List;

/** CPython's own {@code wsgiref.simple_server.demo_app}, from GraalPy's standard library, unchanged. */
class DemoAppTest extends SameAsGunicornTest {

    @Override
    String callable() {
        return "wsgiref.simple_server:demo_app";
    }

    @Override
    List<String> debianPackages() {
        return List.of();
    }

    @Override
    List<Exchange> exchanges() {
        return List.of(
                Exchange.get("root", "/", "demo"),
                Exchange.get("utf-8 path and query", "/caf%C3%A9/a;p=1?q=%20x&r=%C3%A9", "demo",
                        "X-Custom", "value with spaces", "Accept-Language", "fr"),
                Exchange.post("form", "/submit", "application/x-www-form-urlencoded", "a=1&b=%C3%A9", "demo"),
                Exchange.post("form", "/submit", "text/plain", "chunked body", "demo").asChunked());
    }
}
