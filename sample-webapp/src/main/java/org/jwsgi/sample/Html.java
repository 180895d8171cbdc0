package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Map;
import org.jwsgi.Environ;

/**
 * HTML escaping and the page layout every HTML page of the sample shares.
 *
 * <p>Links are built from the sample's own {@code SCRIPT_NAME} ({@link #url}), so the same pages work at the root
 * of the bundled server and under a context path such as {@code /sample-webapp} in Tomcat.
 *
 * <pre>{@code
 * Html.escape("<b>\"Tom & Jerry\"</b>")   // &lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;
 * Html.url(environ, "/greet")            // "/sample-webapp/greet" under Tomcat, "/greet" at the root
 * }</pre>
 */
public final class Html {

    /** The site's name: the home page's title, and the end of every other page's. */
    static final String SITE = "jwsgi sample";

    private Html() {
    }

    /** Escapes {@code &}, {@code <}, {@code >}, {@code "} and {@code '}: safe in text and quoted attributes. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The URL path of {@code path} (which starts with {@code /}) inside this application: the
     * percent-encoded {@link #root} followed by {@code path}, as PEP 3333's URL
     * reconstruction does. Returned unescaped for HTML: pass it through {@link #escape}.
     */
    public static String url(Map<String, Object> environ, String path) {
        return quotePath(root(environ)) + path;
    }

    /**
     * Where the sample is mounted: {@code SCRIPT_NAME} as {@link SampleApp} received it, before
     * its dispatcher appended a page's prefix ({@code ""} at the root, {@code /sample-webapp} in
     * a container); a page called on its own has its {@code SCRIPT_NAME}.
     */
    static String root(Map<String, Object> environ) {
        Object root = environ.get(SampleApp.ROOT);
        return (String) (root != null ? root : environ.getOrDefault(Environ.SCRIPT_NAME, ""));
    }

    /** The requested path inside the sample ({@code /greet}), a native string; {@code /} for the bare root. */
    static String appPath(Map<String, Object> environ) {
        String full = (String) environ.getOrDefault(Environ.SCRIPT_NAME, "") + environ.getOrDefault(Environ.PATH_INFO, "");
        String root = root(environ);
        String path = full.startsWith(root) ? full.substring(root.length()) : full;
        return path.isEmpty() ? "/" : path;
    }

    /**
     * Percent-encodes a native string (bytes as ISO-8859-1) for a URL path: unreserved characters,
     * {@code /} and the sub-delimiters stay, every other byte becomes {@code %XX}.
     */
    static String quotePath(String nativePath) {
        StringBuilder b = new StringBuilder(nativePath.length());
        for (byte x : nativePath.getBytes(ISO_8859_1)) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }

    /** A native string (PEP 3333: bytes as ISO-8859-1) read as the UTF-8 text a browser meant. */
    static String text(String nativeString) {
        return new String(nativeString.getBytes(ISO_8859_1), UTF_8);
    }

    /**
     * A whole page: {@code title} (escaped here) and {@code body} (HTML, already escaped by the
     * caller), with the stylesheet and the navigation.
     */
    static String page(Map<String, Object> environ, String title, String body) {
        String home = escape(url(environ, "/"));
        // the home page's title is the site's name: once, not "jwsgi sample · jwsgi sample"
        String fullTitle = title.equals(SITE) ? SITE : title + " · " + SITE;
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="%s">
                </head>
                <body>
                <nav><a class="home" href="%s">jwsgi sample</a> <a href="%s">greet</a> <a href="%s">upload</a> <a href="%s">live stream</a> <a href="%s">environ</a> <a href="%s">JSON</a></nav>
                <main>
                <h1>%s</h1>
                %s
                </main>
                </body>
                </html>
                """.formatted(escape(fullTitle), escape(url(environ, "/static/app.css")), home, home + "#greet",
                home + "#upload", escape(url(environ, "/ticker")), escape(url(environ, "/environ")),
                escape(url(environ, "/api/greeting?name=World")), escape(title), body);
    }
}
