package org.jwsgi.staticfiles;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.util.Map;

/**
 * Turns a class path directory into a {@link Path}, for {@link StaticFiles#ofClassPath}: a
 * {@code file:} URL (classes in a directory, an unpacked WAR's {@code WEB-INF/classes}) is the
 * directory itself; a {@code jar:file:} URL is the entry inside the JDK's zip file system over
 * that jar, opened once and shared (a second {@code newFileSystem} for the same jar is refused
 * by the JDK, so an open one is reused).
 */
final class ClassPathRoot {

    private ClassPathRoot() {
    }

    static Path resolve(ClassLoader loader, String directory) throws IOException {
        if (directory.isEmpty() || directory.startsWith("/") || directory.endsWith("/") || directory.contains("//")) {
            throw new IllegalArgumentException("class path directory must be a relative resource name without a leading"
                    + " or trailing \"/\" (e.g. \"com/example/static\"): \"" + directory + "\"");
        }
        URL url = loader.getResource(directory);
        if (url == null) {
            url = loader.getResource(directory + "/"); // some loaders find a jar's directory entry only by its own name
        }
        if (url == null) {
            throw new IllegalArgumentException("no class path directory \"" + directory + "\" (a jar must hold directory"
                    + " entries, as jars built by Maven or the jar tool do)");
        }
        try {
            switch (url.getProtocol()) {
                case "file":
                    return Path.of(url.toURI());
                case "jar":
                    return inJar(url);
                default:
                    throw new IllegalArgumentException("class path directory \"" + directory + "\" is at " + url
                            + ": only file: and jar:file: URLs can be served; extract it and use StaticFiles.of(Path)");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("class path directory \"" + directory + "\" has a malformed URL: " + url, e);
        }
    }

    private static Path inJar(URL url) throws URISyntaxException, IOException {
        String s = url.toString();
        int sep = s.indexOf("!/");
        if (sep < 0 || s.indexOf("!/", sep + 2) >= 0 || !s.startsWith("jar:file:")) {
            throw new IllegalArgumentException("only a directory in a jar file on disk can be served, not a nested jar: " + url);
        }
        URI jar = new URI(s.substring(0, sep));
        String entry = new URI(s.substring(sep + 1)).getPath(); // "/com/example/static", percent-escapes undone
        return fileSystem(jar).getPath(entry);
    }

    private static FileSystem fileSystem(URI jar) throws IOException {
        try {
            return FileSystems.newFileSystem(jar, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            try {
                return FileSystems.getFileSystem(jar);
            } catch (FileSystemNotFoundException closedMeanwhile) {
                return FileSystems.newFileSystem(jar, Map.of());
            }
        } catch (ProviderNotFoundException e) {
            throw new IllegalStateException("serving files from a jar needs the jdk.zipfs module: " + jar, e);
        }
    }
}
