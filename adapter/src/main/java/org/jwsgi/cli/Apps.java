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

    /**
     * Why a class given with {@code -cp} is not found under {@code java -jar}: the JVM then takes the
     * class path from the jar alone, and says nothing about the ignored {@code -cp}.
     */
    static String jarHint() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.isEmpty() ? "" : command.split(" ", 2)[0];
        if (!first.endsWith(".jar")) {
            return "";
        }
        return "; note that java -jar ignores -cp and CLASSPATH: put the app on the class path with"
                + " java -cp " + first + java.io.File.pathSeparator + "YOUR-CLASSES org.jwsgi.cli.Main APP";
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
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("APP " + name + ": no such class on the class path"
                    + " (built-ins: demo, hello)" + jarHint());
        } catch (LinkageError e) { // found, but broken: a class file half written, a class it needs gone
            throw new IllegalArgumentException("APP " + name + " cannot be loaded: " + e);
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
