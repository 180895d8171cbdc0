package org.jwsgi.cli;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jwsgi.Application;
import org.jwsgi.StartResponse;

/**
 * {@code --reload}, a development tool: serves the APP class from the class path's directories
 * (target/classes, say) through a class loader of its own, watches those directories, and on a
 * change loads the class again in a fresh loader and swaps the new instance in. Each request takes
 * the instance current when it arrives and keeps it to its end, so requests in flight finish on the
 * old one. When the new version cannot be had (the class is missing or broken, as after a failed
 * compile, or its constructor throws) the old one stays and stderr says why; the next change tries
 * again. Jars on the class path (jwsgi's included) are shared, not reloaded.
 *
 * <pre>{@code
 * $ java -cp jwsgi-cli.jar:target/classes org.jwsgi.cli.Main --reload com.example.App
 * jwsgi: reloading com.example.App when target/classes changes
 * jwsgi: serving com.example.App on http://127.0.0.1:8000/ (builtin server, ...)
 * jwsgi: reloaded com.example.App in 41 ms
 * }</pre>
 */
final class Reloader implements Application, AutoCloseable {

    /** Changes closer together than this are one change: a compiler writes many files. */
    private static final long QUIET_MILLIS = 100;

    private final String className;
    private final List<Path> roots;
    private final PrintStream err;
    private final WatchService watcher;
    private final Thread thread;
    private volatile Application current;

    private Reloader(String className, List<Path> roots, PrintStream err) throws IOException {
        this.className = className;
        this.roots = roots;
        this.err = err;
        this.current = load(className, roots);
        this.watcher = FileSystems.getDefault().newWatchService();
        for (Path root : roots) {
            registerTree(root);
        }
        this.thread = new Thread(this::watch, "jwsgi-reload");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts serving {@code className} from the directories of {@code classPath} (the
     * {@code java.class.path} form), reloading it on changes.
     *
     * @throws IllegalArgumentException no directory on the class path, or the class cannot be loaded now
     */
    static Reloader start(String className, String classPath, PrintStream err) throws IOException {
        if (className.equals("demo") || className.equals("hello")) {
            throw new IllegalArgumentException("--reload reloads an APP class; demo and hello are built in");
        }
        List<Path> roots = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isDirectory(Path.of(entry))) {
                roots.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("--reload needs APP's classes in a directory on the class path"
                    + " (the class path is " + classPath + "): java -cp jwsgi-cli.jar:target/classes"
                    + " org.jwsgi.cli.Main --reload " + className);
        }
        return new Reloader(className, roots, err);
    }

    List<Path> roots() {
        return roots;
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        return current.call(environ, startResponse); // read once: the whole request runs on this instance
    }

    /** A new instance of {@code className} from a fresh loader over {@code roots}. */
    private static Application load(String className, List<Path> roots) {
        URL[] urls = roots.stream().map(Reloader::url).toArray(URL[]::new);
        ClassLoader loader = new ChildFirst(urls, Reloader.class.getClassLoader());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return Apps.load(className);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                // a build writes many files: wait until the directories have been quiet for a moment
                do {
                    handle(key);
                    key = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                } while (key != null);
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // close(): the server is stopping
        }
    }

    private void handle(WatchKey key) {
        for (var event : key.pollEvents()) {
            if (event.kind() == ENTRY_CREATE && event.context() instanceof Path name
                    && key.watchable() instanceof Path dir && Files.isDirectory(dir.resolve(name))) {
                registerTree(dir.resolve(name)); // a new package directory
            }
        }
        key.reset();
    }

    private void reload() {
        long start = System.nanoTime();
        try {
            current = load(className, roots);
            err.println("jwsgi: reloaded " + className + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: reload failed, still serving the previous " + className + ": " + e.getMessage());
        } catch (LinkageError | RuntimeException e) { // a class half written, or one its constructor needs gone
            err.println("jwsgi: reload failed, still serving the previous " + className + ": " + e);
        }
    }

    private void registerTree(Path root) {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("jwsgi: cannot watch " + root + " for --reload: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }

    /**
     * Finds a class in the watched directories before asking its parent: the same directories are on
     * the application class path, and parent-first would return the class loaded at start-up forever.
     * A class the parent finds elsewhere (in a jar: jwsgi's own, a library's) is the parent's, so
     * that it stays one class for the whole server.
     */
    private static final class ChildFirst extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        ChildFirst(URL[] urls, ClassLoader parent) {
            super("jwsgi-reload", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && !name.startsWith("java.") && ours(name.replace('.', '/') + ".class")) {
                    c = findClass(name);
                }
                if (c == null) {
                    return super.loadClass(name, resolve);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        /** In a watched directory, and not found by the parent anywhere else first. */
        private boolean ours(String resource) {
            URL own = findResource(resource);
            if (own == null) {
                return false;
            }
            URL parents = getParent().getResource(resource);
            if (parents == null) {
                return true;
            }
            if (!parents.getProtocol().equals("file")) {
                return false; // a jar's
            }
            try {
                return Path.of(parents.toURI()).equals(Path.of(own.toURI()));
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }
    }
}
