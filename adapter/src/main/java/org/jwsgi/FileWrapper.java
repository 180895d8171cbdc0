package org.jwsgi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * PEP 3333's {@code wsgi.file_wrapper}: turns an open file into a body the server may send with
 * the operating system's zero-copy path ({@link FileChannel#transferTo}, i.e. {@code sendfile}).
 *
 * <p>The body covers the file from the channel's current position to its end, and closes the
 * channel when the server closes the body. Servers that cannot send files specially iterate it
 * like any other body, in {@code blockSize} chunks.
 *
 * <pre>{@code
 * FileWrapper wrapper = (FileWrapper) environ.get(Environ.WSGI_FILE_WRAPPER);
 * startResponse.start("200 OK", List.of(new Header("Content-Type", "application/octet-stream")));
 * return wrapper.wrap(FileChannel.open(path), 64 * 1024);
 * }</pre>
 */
@FunctionalInterface
public interface FileWrapper {

    /**
     * Wraps {@code file} from its current position to its end.
     *
     * @param blockSize the chunk size when the body is iterated, at least 1
     */
    Iterable<byte[]> wrap(FileChannel file, int blockSize) throws IOException;

    /** Opens {@code path} for reading and wraps it with 64 KiB blocks. */
    default Iterable<byte[]> wrap(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return wrap(channel, 64 * 1024);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
