package org.jwsgi.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * A handler for a POSIX signal, through {@code sun.misc.Signal} (module jdk.unsupported, in every
 * JDK), found by reflection so the CLI compiles without the internal-API warning and runs where it
 * is missing. The CLI's only use: {@code SIGUSR1} reopens the access log file, as with nginx.
 *
 * <pre>{@code
 * boolean handled = Signals.handle("USR1", writer::reopen);
 * }</pre>
 */
final class Signals {

    private Signals() {
    }

    /** Runs {@code action} on each {@code SIG<name>}; false if this JVM or OS cannot (then nothing changes). */
    static boolean handle(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler call = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "signal handler for SIG" + name;
                };
            };
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler}, call);
            Object sig = signal.getConstructor(String.class).newInstance(name);
            signal.getMethod("handle", signal, handler).invoke(null, sig, proxy);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false; // no sun.misc.Signal, or the signal is the JVM's (IllegalArgumentException)
        }
    }
}
