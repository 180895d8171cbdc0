package org.jwsgi.gateway;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads when the JVM has them (Java 21+), found by reflection so the library still
 * compiles for and runs on Java 17: the one answer to "does this JVM have virtual threads?" for
 * the bundled server, the Jetty and Tomcat backends and the test kit.
 *
 * <pre>{@code
 * ThreadFactory threads = VirtualThreads.factoryOr(Thread::new);
 * }</pre>
 */
public final class VirtualThreads {

    private static final ThreadFactory FACTORY = lookup();

    private VirtualThreads() {
    }

    /** Whether this JVM has virtual threads (Java 21 and later). */
    public static boolean available() {
        return FACTORY != null;
    }

    /** A factory of virtual threads, or {@code fallback} on a JVM without them. */
    public static ThreadFactory factoryOr(ThreadFactory fallback) {
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
