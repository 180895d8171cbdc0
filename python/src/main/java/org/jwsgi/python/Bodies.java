package org.jwsgi.python;

import org.graalvm.polyglot.Value;

/** Python bytes into Java. */
final class Bodies {

    private static final byte[] EMPTY = new byte[0];

    private Bodies() {
    }

    /** The bytes of a Python {@code bytes} object, copied in one go through the buffer interop. */
    static byte[] bytes(Value data) {
        long size = data.getBufferSize();
        if (size == 0) {
            return EMPTY;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a body chunk of " + size + " bytes is over 2 GiB");
        }
        byte[] out = new byte[(int) size];
        data.readBuffer(0, out, 0, out.length);
        return out;
    }
}
