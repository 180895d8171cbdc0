package org.jwsgi.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.StartResponse;
import org.jwsgi.gateway.TrackedChannel;

/**
 * One GraalPy context with {@code _jwsgi.py} and the application loaded: runs a request and hands
 * its body back. Used by one thread at a time in the pool model, by every thread in the shared
 * one (GraalPy's GIL orders them; virtual threads pass a {@link CarrierGate} first).
 */
final class Interpreter implements AutoCloseable {

    private final Context context;
    private final CarrierGate gate;
    private final Value app;
    private final Value handle;
    private final Value isSequence;
    private final Value chunks;
    private final Value iterate;
    private final Value nextChunk;
    private final Value closeResult;
    private final Value fileOf;
    private final Value formatException;
    private final Value exceptionType;

    /**
     * Creates the context, loads {@code _jwsgi.py} and imports the application.
     *
     * @throws PythonException if importing the application fails
     */
    Interpreter(Engine engine, PythonOptions options) {
        Context.Builder builder = Context.newBuilder("python").engine(engine)
                // the application is the user's own code, as trusted as under gunicorn: Java
                // objects, files, threads, sub-processes, native code
                .allowAllAccess(true)
                .option("python.ForceImportSite", "true")
                .option("python.PythonPath", options.pythonPath().stream().map(Path::toString)
                        .collect(Collectors.joining(":")));
        if (options.bytecodeCache() != null) {
            builder.option("python.DontWriteBytecodeFlag", "false")
                    .option("python.PyCachePrefix", options.bytecodeCache().toString());
        }
        if (options.isolateNativeModules()) {
            builder.allowExperimentalOptions(true).option("python.IsolateNativeModules", "true");
        }
        this.gate = options.model() == Model.SHARED ? CarrierGate.forSharedContext() : CarrierGate.none();
        this.context = builder.build();
        try {
            Value module = context.eval("python", BOOTSTRAP).execute(glueSource());
            this.handle = module.getMember("handle");
            this.isSequence = module.getMember("is_sequence");
            this.chunks = module.getMember("chunks");
            this.iterate = module.getMember("iterate");
            this.nextChunk = module.getMember("next_chunk");
            this.closeResult = module.getMember("close_result");
            this.fileOf = module.getMember("file_of");
            this.formatException = module.getMember("format_exception");
            this.exceptionType = module.getMember("exception_type");
            if (options.model() == Model.POOL && !options.isolateNativeModules()) {
                module.getMember("refuse_native_modules").execute();
            }
            this.app = module.getMember("load").execute(options.callable());
        } catch (PolyglotException e) {
            RuntimeException failure = translate(e);
            context.close(true);
            throw failure;
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /** Makes {@code _jwsgi} a real module (in sys.modules), not names in {@code __main__}. */
    private static final String BOOTSTRAP = """
            def _load(src):
                import sys, types
                m = types.ModuleType('_jwsgi')
                m.__file__ = '<jwsgi>/_jwsgi.py'
                exec(compile(src, m.__file__, 'exec'), m.__dict__)
                sys.modules['_jwsgi'] = m
                return m
            _load
            """;

    private static String glueSource() {
        try (InputStream in = Interpreter.class.getResourceAsStream("_jwsgi.py")) {
            if (in == null) {
                throw new IllegalStateException("_jwsgi.py is missing from the jwsgi-python jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the application for one request. The body it returns holds {@code lease} until it is
     * closed (a list or tuple body is taken whole, and the lease released at once).
     */
    Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse, boolean multithread,
            boolean multiprocess, Runnable lease) throws Exception {
        try {
            gate.enter();
        } catch (InterruptedException e) {
            lease.run();
            throw e;
        }
        try {
            return run(environ, startResponse, multithread, multiprocess, lease);
        } finally {
            gate.exit();
        }
    }

    private Iterable<byte[]> run(Map<String, Object> environ, StartResponse startResponse, boolean multithread,
            boolean multiprocess, Runnable lease) throws Exception {
        Value result;
        try {
            Object[] pairs = new Object[environ.size() * 2];
            int n = 0;
            for (Map.Entry<String, Object> e : environ.entrySet()) {
                if (!REPLACED.contains(e.getKey())) {
                    pairs[n++] = e.getKey();
                    pairs[n++] = e.getValue();
                }
            }
            if (n < pairs.length) {
                pairs = java.util.Arrays.copyOf(pairs, n);
            }
            RequestBridge bridge = new RequestBridge((InputStream) environ.get(Environ.WSGI_INPUT),
                    (PrintWriter) environ.get(Environ.WSGI_ERRORS), startResponse);
            result = handle.execute(app, pairs, bridge, multithread, multiprocess);
        } catch (PolyglotException e) {
            lease.run();
            throw translate(e);
        } catch (RuntimeException | Error e) {
            lease.run();
            throw e;
        }
        return body(result, environ.get(Environ.WSGI_FILE_WRAPPER), lease);
    }

    /** The keys the Python side puts itself (as Python objects), not copied from Java. */
    private static final List<String> REPLACED = List.of(Environ.WSGI_VERSION, Environ.WSGI_INPUT,
            Environ.WSGI_ERRORS, Environ.WSGI_MULTITHREAD, Environ.WSGI_MULTIPROCESS, Environ.WSGI_FILE_WRAPPER);

    private Iterable<byte[]> body(Value result, Object serverWrapper, Runnable lease) throws Exception {
        boolean handedOver = false;
        try {
            if (isSequence.execute(result).asBoolean()) {
                Value checked = chunks.execute(result);
                int n = (int) checked.getArraySize();
                List<byte[]> all = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    all.add(Bodies.bytes(checked.getArrayElement(i)));
                }
                return all; // a Collection: the server knows its length up front
            }
            Value file = fileOf.execute(result);
            if (!file.isNull() && serverWrapper instanceof FileWrapper wrapper) {
                Iterable<byte[]> sent = sendFile(result, file, wrapper, lease);
                handedOver = true;
                return sent;
            }
            PythonBody body = new PythonBody(this, result, iterate.execute(result), lease);
            handedOver = true;
            return body;
        } catch (PolyglotException e) {
            throw translate(e);
        } finally {
            if (!handedOver) {
                try {
                    close(result);
                } finally {
                    lease.run();
                }
            }
        }
    }

    /**
     * A {@code wsgi.file_wrapper} over a real file: the server's own file wrapper sends it (with
     * sendfile), from the Python file's position; the Python file is closed, and the context
     * released, when the server closes the body.
     */
    private Iterable<byte[]> sendFile(Value result, Value file, FileWrapper wrapper, Runnable lease) throws IOException {
        FileChannel channel = FileChannel.open(Path.of(file.getArrayElement(0).asString()), StandardOpenOption.READ);
        try {
            channel.position(file.getArrayElement(1).asLong());
            TrackedChannel tracked = new TrackedChannel(channel);
            tracked.onClose(() -> {
                try {
                    closeResult(result);
                } finally {
                    lease.run();
                }
            });
            return wrapper.wrap(tracked, Math.max(1, file.getArrayElement(2).asInt()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The next chunk of a streaming body, or null at its end. */
    byte[] next(Value iterator) {
        gate.enterUninterruptibly();
        try {
            Value chunk = nextChunk.execute(iterator);
            return chunk.isNull() ? null : Bodies.bytes(chunk);
        } catch (PolyglotException e) {
            throw translate(e);
        } finally {
            gate.exit();
        }
    }

    /** The body's {@code close()}, if it has one (called by the server, once the body is sent). */
    void closeResult(Value result) {
        gate.enterUninterruptibly();
        try {
            close(result);
        } finally {
            gate.exit();
        }
    }

    /** {@link #closeResult} inside the gate already. */
    private void close(Value result) {
        try {
            closeResult.execute(result);
        } catch (PolyglotException e) {
            throw translate(e);
        }
    }

    /**
     * A Java exception for one that crossed back from Python: a Java exception the Python code let
     * through (an IOException from {@code wsgi.input}, say) as it was, so the server answers it as
     * for a Java app; a Python exception as a {@link PythonException} with Python's traceback.
     */
    RuntimeException translate(PolyglotException e) {
        if (e.isHostException()) {
            throw Interpreter.<RuntimeException>sneaky(e.asHostException());
        }
        if (e.isGuestException() && !e.isExit() && !e.isCancelled() && !e.isInternalError()) {
            Value exception = e.getGuestObject();
            if (exception != null && !exception.isNull()) {
                try {
                    return new PythonException(exceptionType.execute(exception).asString(),
                            formatException.execute(exception).asString());
                } catch (PolyglotException ignored) {
                    // the exception cannot even be formatted: report the polyglot one as it is
                }
            }
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Override
    public void close() {
        context.close(true);
    }
}
