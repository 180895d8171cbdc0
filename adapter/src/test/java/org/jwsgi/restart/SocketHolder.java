package org.jwsgi.restart;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * systemd's part in socket activation, played by {@code socket_holder.py} (Debian's python3): it
 * binds a listening socket, keeps it open for as long as the test runs, and starts each server
 * instance with that socket as its standard input, the way a {@code .socket} unit with a service
 * of {@code StandardInput=socket} does. The JDK cannot hand a socket to a child process; Python's
 * {@code subprocess} can, with nothing to compile.
 *
 * <pre>{@code
 * try (SocketHolder systemd = SocketHolder.start(python3, dir)) {
 *     CliProcess app = systemd.start("a", List.of("--inherit-socket", "demo"));
 *     app.awaitServing();                       // clients talk to 127.0.0.1:systemd.port()
 *     systemd.stop(app.pid());                  // SIGTERM; the socket stays open meanwhile
 * }
 * }</pre>
 */
final class SocketHolder implements AutoCloseable {

    private final Process process;
    private final BufferedReader replies;
    private final Writer commands;
    private final Path dir;
    private final int port;
    private final List<CliProcess> started = new ArrayList<>();

    private SocketHolder(Process process, BufferedReader replies, Writer commands, Path dir, int port) {
        this.process = process;
        this.replies = replies;
        this.commands = commands;
        this.dir = dir;
        this.port = port;
    }

    /** Binds 127.0.0.1 on a port the OS chooses, with a listen backlog of 1,024. */
    static SocketHolder start(Path python3, Path dir) throws IOException {
        Path script = dir.resolve("socket_holder.py");
        try (InputStream in = SocketHolder.class.getResourceAsStream("socket_holder.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(python3.toString(), script.toString(), "127.0.0.1", "0", "1024")
                .redirectError(dir.resolve("holder.err").toFile())
                .start();
        BufferedReader replies = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        Writer commands = new OutputStreamWriter(p.getOutputStream(), UTF_8);
        String first;
        try {
            first = reply(replies, dir);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        if (!first.startsWith("listening ")) {
            p.destroyForcibly();
            throw new IllegalStateException("socket_holder.py said: " + first);
        }
        return new SocketHolder(p, replies, commands, dir, Integer.parseInt(first.substring(10).trim()));
    }

    /** The port of the held socket. */
    int port() {
        return port;
    }

    /** Starts the CLI with {@code args}, its standard input the held socket. */
    CliProcess start(String name, List<String> args) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> words = new ArrayList<>(List.of("start", out.toString(), err.toString()));
        words.addAll(CliProcess.command(args));
        String reply = command(String.join("\t", words));
        if (!reply.startsWith("started ")) {
            throw new IllegalStateException("socket_holder.py: " + reply);
        }
        CliProcess app = CliProcess.adopted(name, Long.parseLong(reply.substring(8).trim()), out, err, this);
        started.add(app);
        return app;
    }

    /** SIGTERM to {@code pid}, then its exit status once it has exited. */
    int stop(long pid) throws IOException {
        String reply = command("stop\t" + pid);
        String[] w = reply.split(" ");
        if (w.length != 3 || !w[0].equals("exited")) {
            throw new IllegalStateException("socket_holder.py: " + reply);
        }
        return Integer.parseInt(w[2]);
    }

    private synchronized String command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
        return reply(replies, dir);
    }

    private static String reply(BufferedReader replies, Path dir) throws IOException {
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            try {
                return replies.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            String line = next.get(CliProcess.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("socket_holder.py exited: " + Files.readString(dir.resolve("holder.err")));
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for socket_holder.py", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("no answer from socket_holder.py", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            commands.close(); // the end of its input: it stops what it started and exits
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                started.forEach(CliProcess::kill);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.forEach(CliProcess::kill);
            process.destroyForcibly();
        }
    }
}
