package org.jwsgi.python;

import java.util.List;

/**
 * An app wrapped in CPython's own {@code wsgiref.validate.validator}, with its warnings made
 * errors: any PEP 3333 slip of jwsgi-python (a non-str environ value, a wsgi.input method that
 * misbehaves, a start_response or body rule broken) fails the request with AssertionError.
 */
class ValidatedAppTest extends SameAsGunicornTest {

    @Override
    String callable() {
        return "validated:app";
    }

    @Override
    List<String> debianPackages() {
        return List.of();
    }

    @Override
    List<Exchange> exchanges() {
        byte[] binary = new byte[70_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        return List.of(
                Exchange.get("plain", "/path/to?x=1&y=2", "environ", "User-Agent", "jwsgi-test/1.0"),
                Exchange.get("repeated header", "/caf%C3%A9", "environ", "X-Multi", "a", "X-Multi", "b"),
                Exchange.post("form", "/form", "application/x-www-form-urlencoded", "name=Ada+Lovelace", "environ"),
                Exchange.post("binary", "/upload", "application/octet-stream", binary, "environ"),
                Exchange.post("binary", "/upload", "application/octet-stream", binary, "environ").asChunked());
    }
}
