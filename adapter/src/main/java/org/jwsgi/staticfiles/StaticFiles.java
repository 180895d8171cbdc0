package org.jwsgi.staticfiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.HttpDate;
import org.jwsgi.gateway.WsgiEnviron;
import org.jwsgi.util.Responses;
import org.jwsgi.util.Uris;

/**
 * Serves the files under a directory: {@code GET} and {@code HEAD} of {@code PATH_INFO} relative
 * to the root, with Content-Type by extension, {@code ETag}, {@code Last-Modified}, conditional
 * GET ({@code 304}), single byte ranges ({@code 206}, {@code 416}, {@code If-Range}), and the
 * body sent through {@code wsgi.file_wrapper}, so the bundled server uses {@code sendfile}.
 *
 * <pre>{@code
 * Application files = StaticFiles.of(Path.of("public"));            // GET /css/app.css -> public/css/app.css
 * Application site = Dispatcher.builder().mount("/static", files).fallback(app).build();
 * }</pre>
 *
 * <table>
 *   <caption>What answers what</caption>
 *   <tr><td>another method</td><td>{@code 405}, {@code Allow: GET, HEAD}</td></tr>
 *   <tr><td>a path with {@code .}/{@code ..} segments (also encoded), NUL or another control
 *       character, {@code \}, {@code :}, {@code //}, or bytes that are not UTF-8</td><td>{@code 400}</td></tr>
 *   <tr><td>a hidden segment ({@code /.git/config}) unless {@link #withHiddenFiles}, no such
 *       file, not a regular file, unreadable, or whose real path (symlinks followed) leaves the
 *       root</td><td>{@code 404}</td></tr>
 *   <tr><td>a directory</td><td>its index file ({@code index.html}, see {@link #withIndexFile})
 *       when the path ends with {@code /}; without the {@code /}, a {@code 301} to add it (so
 *       relative links in the index resolve); {@code 404} when there is no index file. No
 *       listings.</td></tr>
 *   <tr><td>{@code If-None-Match} (lists, {@code *}, weak comparison) or, without it,
 *       {@code If-Modified-Since}</td><td>{@code 304}, no body</td></tr>
 *   <tr><td>{@code Range: bytes=a-b}, {@code a-}, {@code -n} on GET</td><td>{@code 206} with
 *       {@code Content-Range}; past the end: {@code 416} with {@code Content-Range: bytes *}{@code /len};
 *       several ranges or a malformed header: {@code 200} with the whole file; an
 *       {@code If-Range} that does not match: {@code 200}</td></tr>
 * </table>
 *
 * <p>{@link #ofClassPath} serves a class path directory, inside a jar too.
 *
 * <p>The {@code ETag} is the size, the modification time in nanoseconds and the file's identity
 * (device and inode where the OS has them), not a content hash: it costs one {@code stat}, not a
 * read of the whole file, and it changes when a deploy replaces a file by renaming a new one
 * over it. It is strong (byte ranges rely on it). It would wrongly stay the same only if a file
 * were rewritten in place with the same size within one tick of the file system's clock.
 * Symlinks are followed but the real path must stay inside the root; a symlink swapped in between
 * that check and the open (by someone who can write to the root) is out of scope.
 */
public final class StaticFiles implements Application {

    private static final Header ALLOW = new Header("Allow", "GET, HEAD");

    private final Path root;
    private final String indexFile;
    private final boolean hiddenFiles;
    private final int blockSize;

    private StaticFiles(Path root, String indexFile, boolean hiddenFiles, int blockSize) {
        this.root = root;
        this.indexFile = indexFile;
        this.hiddenFiles = hiddenFiles;
        this.blockSize = blockSize;
    }

    /**
     * Serves the files under {@code root}; index file {@code index.html}, hidden files refused.
     *
     * @throws IllegalArgumentException naming {@code root} if it is not an existing directory
     */
    public static StaticFiles of(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("static files root is not a directory: " + root.toAbsolutePath());
        }
        return new StaticFiles(root.toRealPath(), "index.html", false, 64 * 1024);
    }

    /**
     * Serves a directory on the class path, e.g. assets packed with the application: a
     * {@code file:} directory as it is, a directory inside a jar through the JDK's zip file
     * system (the same rules, validators and ranges; the {@code ETag} of an entry is its size and
     * time, which stay put until the jar is rebuilt).
     *
     * <pre>{@code
     * Application assets = StaticFiles.ofClassPath(MyApp.class.getClassLoader(), "com/example/static");
     * }</pre>
     *
     * <p>A jar's entries are streamed from the jar, without {@code sendfile}. The zip file system
     * is opened once per jar and stays open, holding the jar, for as long as the JVM runs (it has
     * no other owner to close it).
     *
     * @param directory a resource name without leading or trailing {@code /}
     * @throws IllegalArgumentException naming {@code directory} if the loader has no such
     *     directory, or has it at a URL that is neither {@code file:} nor a jar on disk
     */
    public static StaticFiles ofClassPath(ClassLoader loader, String directory) throws IOException {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(directory, "directory");
        return of(ClassPathRoot.resolve(loader, directory));
    }

    /** The file a directory request serves, e.g. {@code "index.html"}; {@code null}: none, directories are 404. */
    public StaticFiles withIndexFile(String name) {
        if (name != null && (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith("."))) {
            throw new IllegalArgumentException("index file must be a plain file name: \"" + name + "\"");
        }
        return new StaticFiles(root, name, hiddenFiles, blockSize);
    }

    /** Whether names starting with {@code .} ({@code .well-known}) are served; default {@code false}. */
    public StaticFiles withHiddenFiles(boolean served) {
        return new StaticFiles(root, indexFile, served, blockSize);
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse sr) throws IOException {
        String method = Objects.toString(environ.get(Environ.REQUEST_METHOD), "");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Responses.text(sr, "405 Method Not Allowed", "405 Method Not Allowed: \"" + method
                    + "\" is not GET or HEAD", ALLOW);
        }
        String pathInfo = Objects.toString(environ.get(Environ.PATH_INFO), "");
        String problem = StaticPath.problem(pathInfo);
        String name = problem == null ? StaticPath.utf8(pathInfo) : null;
        if (problem != null || name == null) {
            return Responses.text(sr, "400 Bad Request", "400 Bad Request: " + (problem != null ? problem
                    : "the path is not UTF-8") + ": " + Uris.requestPath(environ));
        }
        if (!hiddenFiles && StaticPath.hidden(pathInfo)) {
            return notFound(environ, sr);
        }
        Path file = real(name.isEmpty() ? root : root.resolve(name.substring(1)));
        if (file != null && Files.isDirectory(file)) {
            if (!pathInfo.endsWith("/")) {
                return indexFile != null && real(file.resolve(indexFile)) != null ? redirectToSlash(environ, sr)
                        : notFound(environ, sr);
            }
            file = indexFile == null ? null : real(file.resolve(indexFile));
        } else if (pathInfo.endsWith("/")) {
            return notFound(environ, sr); // "/app.css/" names a directory that is not there, as POSIX's ENOTDIR says
        }
        BasicFileAttributes attrs = file == null ? null : Files.readAttributes(file, BasicFileAttributes.class);
        if (attrs == null || !attrs.isRegularFile() || !Files.isReadable(file)) {
            return notFound(environ, sr);
        }
        return serve(environ, sr, method.equals("HEAD"), file, attrs);
    }

    private Iterable<byte[]> serve(Map<String, Object> environ, StartResponse sr, boolean head, Path file,
            BasicFileAttributes attrs) throws IOException {
        long length = attrs.size();
        long modified = attrs.lastModifiedTime().to(TimeUnit.SECONDS);
        String etag = etag(attrs);
        List<Header> headers = new ArrayList<>(List.of(
                new Header("ETag", etag),
                new Header("Last-Modified", HttpDate.format(modified))));
        if (StaticConditions.notModified(header(environ, "IF_NONE_MATCH"), header(environ, "IF_MODIFIED_SINCE"),
                etag, modified)) {
            sr.start("304 Not Modified", headers);
            return List.of();
        }
        headers.add(new Header("Accept-Ranges", "bytes"));
        long[] range = head || !StaticConditions.ifRangeHolds(header(environ, "IF_RANGE"), etag, modified) ? null
                : StaticConditions.range(header(environ, "RANGE"), length);
        if (range == StaticConditions.UNSATISFIABLE) {
            headers.add(new Header("Content-Range", "bytes */" + length));
            return Responses.text(sr, "416 Range Not Satisfiable", "416 Range Not Satisfiable: the file has "
                    + length + " bytes", headers.toArray(Header[]::new));
        }
        long first = range == null ? 0 : range[0];
        long count = range == null ? length : range[1] - range[0] + 1;
        headers.add(new Header("Content-Type", StaticTypes.of(file.getFileName().toString())));
        headers.add(new Header("Content-Length", Long.toString(count)));
        headers.add(new Header("X-Content-Type-Options", "nosniff"));
        if (range != null) {
            headers.add(new Header("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + length));
        }
        if (head) {
            sr.start("200 OK", headers);
            return List.of();
        }
        if (file.getFileSystem() != FileSystems.getDefault()) {
            return streamed(environ, sr, file, first, count, range == null ? "200 OK" : "206 Partial Content", headers);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException | AccessDeniedException e) {
            return notFound(environ, sr); // gone or locked since the stat: as if it had never been there
        }
        try {
            channel.position(first);
            Object w = environ.get(Environ.WSGI_FILE_WRAPPER);
            Iterable<byte[]> body = (w instanceof FileWrapper fw ? fw : WsgiEnviron.FILE_WRAPPER).wrap(channel, blockSize);
            body = body instanceof FileBody fb ? fb.limit(count) : new LimitedBody(body, count);
            sr.start(range == null ? "200 OK" : "206 Partial Content", headers);
            return body;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A file of another file system (a jar's entry): read in place, see {@link StreamBody} for why not a channel. */
    private Iterable<byte[]> streamed(Map<String, Object> environ, StartResponse sr, Path file, long first, long count,
            String status, List<Header> headers) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException | AccessDeniedException e) {
            return notFound(environ, sr);
        }
        try {
            in.skipNBytes(first);
            sr.start(status, headers);
            return new StreamBody(in, count, blockSize);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The real path of {@code p} if it exists inside the root (symlinks followed), else {@code null}. */
    private Path real(Path p) throws IOException {
        try {
            Path real = p.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (NoSuchFileException | AccessDeniedException | InvalidPathException e) {
            return null;
        } catch (IOException e) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return null; // a symlink loop, a name too long: nothing to serve
            }
            throw e;
        }
    }

    private static String etag(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        return "\"" + Long.toHexString(attrs.size()) + "-" + Long.toHexString(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS))
                + (key == null ? "" : "-" + Integer.toHexString(key.hashCode())) + "\"";
    }

    private static String header(Map<String, Object> environ, String name) {
        Object v = environ.get(Environ.HTTP_PREFIX + name);
        return v == null ? null : v.toString();
    }

    private static Iterable<byte[]> redirectToSlash(Map<String, Object> environ, StartResponse sr) {
        String query = Objects.toString(environ.get(Environ.QUERY_STRING), "");
        String location = Uris.requestPath(environ) + "/" + (query.isEmpty() ? "" : "?" + query);
        return Responses.text(sr, "301 Moved Permanently", "301 Moved Permanently: " + location,
                new Header("Location", location));
    }

    private static Iterable<byte[]> notFound(Map<String, Object> environ, StartResponse sr) {
        return Responses.text(sr, "404 Not Found", "404 Not Found: " + Uris.requestPath(environ));
    }
}
