package org.jwsgi.python;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Pins the calling virtual thread to its carrier (the JDK's {@code Continuation.pin()}), as
 * GraalPy's compiled Python frames do, so that a test without the Graal compiler waits for the
 * GIL the way the optimised runtime does. Needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.
 */
public final class Pinning {

    private static final MethodHandle PIN;
    private static final MethodHandle UNPIN;

    static {
        try {
            Class<?> continuation = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PIN = lookup.findStatic(continuation, "pin", MethodType.methodType(void.class));
            UNPIN = lookup.findStatic(continuation, "unpin", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Pinning() {
    }

    public static void pin() throws Throwable {
        PIN.invokeExact();
    }

    public static void unpin() throws Throwable {
        UNPIN.invokeExact();
    }
}
