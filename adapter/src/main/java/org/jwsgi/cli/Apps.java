package org.jwsgi.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.jwsgi.Application;
import org.jwsgi.cli.DemoApp;
import org.jwsgi.cli.HelloApp;

/** Finds the APP argument: a built-in name or the class name of an {@link Application}. */
final class Apps {

    private Apps() {
    }

    static Application load(String name) {
        switch (name) {
            case "demo":
                return new DemoApp();
            case "hello":
                return new HelloApp();
            default:
                break;
        }
        Class<?> type;
        try {
            type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("APP " + name + ": no such class on the class path"
                    + " (built-ins: demo, hello)");
        }
        if (!Application.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("APP " + name + " does not implement org.jwsgi.Application");
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("APP " + name + " is abstract or an interface");
        }
        try {
            return (Application) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("APP " + name + " has no public no-arg constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("APP " + name + ": its constructor failed: " + e.getCause());
        } catch (InstantiationException e) {
            throw new IllegalArgumentException("APP " + name + " cannot be instantiated: " + e);
        }
    }
}
