package org.jwsgi.python;

import java.util.Objects;

/**
 * An exception raised by Python code (the application, its import, its body), carried into Java
 * with Python's own traceback as its message, so the server's log shows what a CPython server's
 * would: {@code Traceback (most recent call last): ... ZeroDivisionError: division by zero}.
 *
 * <pre>{@code
 * try {
 *     PythonApp.start(PythonOptions.of("missing_module:app"));
 * } catch (PythonException e) {
 *     System.err.println(e.pythonType() + "\n" + e.getMessage());   // ModuleNotFoundError ...
 * }
 * }</pre>
 */
public final class PythonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String pythonType;

    /**
     * @param pythonType the exception's class, qualified unless a builtin ({@code KeyError},
     *     {@code werkzeug.exceptions.NotFound})
     * @param traceback the traceback as Python formats it
     */
    public PythonException(String pythonType, String traceback) {
        super(Objects.requireNonNull(traceback, "traceback"));
        this.pythonType = Objects.requireNonNull(pythonType, "pythonType");
    }

    /** The Python exception's class name: {@code ZeroDivisionError}, {@code django.core.exceptions.ImproperlyConfigured}. */
    public String pythonType() {
        return pythonType;
    }
}
