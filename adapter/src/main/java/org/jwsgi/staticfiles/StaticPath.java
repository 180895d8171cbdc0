package org.jwsgi.staticfiles;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The checks a request path passes before it may name a file, on the decoded {@code PATH_INFO}
 * (so {@code %2e%2e} is already {@code ..} here, and {@code %252e} is a literal {@code %2e}
 * that is never decoded again). Refused: dot segments, NUL and other control characters,
 * backslashes and colons (Windows separators and drive letters), empty segments ({@code //},
 * which also rules out an absolute path after the first slash), and bytes that are not UTF-8.
 * What passes can still be a symlink out of the root: {@link StaticFiles} checks the real path.
 */
final class StaticPath {

    private StaticPath() {
    }

    /** Why {@code pathInfo} may not name a file, or {@code null} if it may. */
    static String problem(String pathInfo) {
        if (pathInfo.isEmpty()) {
            return null; // the root of the mount itself
        }
        if (pathInfo.charAt(0) != '/') {
            return "the path does not start with \"/\"";
        }
        for (int i = 0; i < pathInfo.length(); i++) {
            char c = pathInfo.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return "the path holds a control character";
            }
            if (c == '\\' || c == ':') {
                return "the path holds \"" + c + "\"";
            }
        }
        String[] segments = pathInfo.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty() && i < segments.length - 1) {
                return "the path has an empty segment";
            }
            if (!s.isEmpty() && s.chars().allMatch(c -> c == '.')) {
                return "the path has a \"" + s + "\" segment"; // ".", "..", and "..." (a parent on Windows)
            }
        }
        return null;
    }

    /** Whether a segment starts with a dot ({@code .git}, {@code .env}). */
    static boolean hidden(String pathInfo) {
        return pathInfo.contains("/.");
    }

    /** The native string's bytes read as UTF-8, or {@code null} when they are not UTF-8. */
    static String utf8(String nativeString) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(nativeString.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
