package org.jwsgi.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads when the JVM has them (Java 21+), found by reflection so the library still
 * compiles for and runs on Java 17.
 */
final class VirtualThreads {

    private static final ThreadFactory FACTORY = lookup();

    private VirtualThreads() {
    }

    /** Whether this JVM runs {@link Threading#PER_CONNECTION} on virtual threads. */
    static boolean available() {
        return FACTORY != null;
    }

    /** A factory of virtual threads, or {@code fallback} on a JVM without them. */
    static ThreadFactory factoryOr(ThreadFactory fallback) {
        return FACTORY != null ? FACTORY : fallback;
    }

    private static ThreadFactory lookup() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object b = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke();
            MethodHandle name = lookup.findVirtual(builder, "name",
                    MethodType.methodType(builder, String.class, long.class));
            b = name.invoke(b, "jwsgi-conn-", 1L);
            return (ThreadFactory) lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
                    .invoke(b);
        } catch (ClassNotFoundException | NoSuchMethodException | UnsupportedOperationException e) {
            return null; // Java 17-18, or 19-20 without --enable-preview: no virtual threads
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the virtual thread factory", e);
        }
    }
}
