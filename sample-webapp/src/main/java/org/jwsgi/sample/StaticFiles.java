package org.jwsgi.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * {@code GET /static/NAME}: files from the class path under {@code org/jwsgi/sample/static/}, with
 * their Content-Type, a strong {@code ETag} (a hash of the content) and {@code Last-Modified};
 * a request whose {@code If-None-Match} (or, without it, {@code If-Modified-Since}) shows the
 * client has the current version gets {@code 304 Not Modified} and no body. A path with a
 * {@code .} or {@code ..} segment is refused with {@code 400}: the bundled server passes such
 * segments to the application as they were sent, so the application must not trust them.
 *
 * <pre>{@code
 * $ curl -i http://127.0.0.1:8000/static/app.css               # 200, ETag: "5d1c..."
 * $ curl -i -H 'If-None-Match: "5d1c..."' http://127.0.0.1:8000/static/app.css   # 304
 * }</pre>
 */
public final class StaticFiles implements Application {

    /** The URL prefix this serves; the rest of the path names the file. */
    public static final String PREFIX = "/static/";

    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");
    /** One path segment of an asset: a name with an extension, nothing that could climb or hide. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private record Asset(byte[] bytes, String type, String etag, long lastModifiedSeconds) {
    }

    /**
     * Assets are the sample's own few small files: each is read once, then served from memory.
     * Misses are not cached, so requests for made-up names cannot grow this map.
     */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws IOException {
        String path = (String) environ.get(Environ.PATH_INFO);
        String name = path.substring(PREFIX.length());
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw ClientError.badRequest("\"" + segment + "\" segments are not allowed in a static file path");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return notFound(environ, startResponse, name);
            }
        }
        Asset asset = cache.get(name);
        if (asset == null) {
            Optional<Asset> loaded = load(name);
            if (loaded.isEmpty()) {
                return notFound(environ, startResponse, name);
            }
            asset = loaded.get();
            cache.putIfAbsent(name, asset);
        }
        List<Header> headers = new ArrayList<>(List.of(
                new Header("ETag", asset.etag()),
                // revalidate every time: with ETag this costs one small 304, and a new build is seen at once
                new Header("Cache-Control", "no-cache")));
        if (asset.lastModifiedSeconds() > 0) {
            headers.add(new Header("Last-Modified", HTTP_DATE.format(Instant.ofEpochSecond(asset.lastModifiedSeconds()))));
        }
        if (notModified(environ, asset)) {
            startResponse.start("304 Not Modified", headers);
            return List.of();
        }
        headers.add(new Header("Content-Type", asset.type()));
        headers.add(new Header("Content-Length", Integer.toString(asset.bytes().length)));
        headers.add(new Header("X-Content-Type-Options", "nosniff"));
        startResponse.start("200 OK", headers);
        return List.of(asset.bytes());
    }

    /** RFC 9110 section 13.2.2: If-None-Match decides when present; If-Modified-Since only without it. */
    private static boolean notModified(Map<String, Object> environ, Asset asset) {
        String ifNoneMatch = (String) environ.get("HTTP_IF_NONE_MATCH");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(asset.etag())) {
                    return true; // GET and HEAD compare weakly
                }
            }
            return false;
        }
        String since = (String) environ.get("HTTP_IF_MODIFIED_SINCE");
        if (since == null || asset.lastModifiedSeconds() <= 0) {
            return false;
        }
        try {
            return asset.lastModifiedSeconds() <= Instant.from(HTTP_DATE.parse(since.strip())).getEpochSecond();
        } catch (DateTimeParseException e) {
            return false; // RFC 9110: an invalid date is ignored
        }
    }

    private static Optional<Asset> load(String name) throws IOException {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        URL url = type == null ? null : StaticFiles.class.getResource("static/" + name);
        if (url == null) {
            return Optional.empty();
        }
        URLConnection connection = url.openConnection();
        // a jar: URL would otherwise hold the jar file open in a cache; the container may want to replace it
        connection.setUseCaches(false);
        long modified = connection.getLastModified();
        byte[] bytes;
        try (InputStream in = connection.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String etag = "\"" + HexFormat.of().formatHex(UploadPage.sha256().digest(bytes), 0, 12) + "\"";
        return Optional.of(new Asset(bytes, type, etag, modified / 1000));
    }

    private static Iterable<byte[]> notFound(Map<String, Object> environ, StartResponse startResponse, String name) {
        return Responses.error(environ, startResponse, "404 Not Found", "no static file \"" + Html.text(name) + "\"", null);
    }
}
