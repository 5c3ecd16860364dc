package io.daeploy.maven;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Asks the user on the terminal: a line, a secret, a yes/no question. The end of the input is an empty answer, so a
 * closed input never blocks a goal. A test scripts the answers through the package-private constructor.
 */
public final class ConsolePrompt {

    private final Console console;
    private final BufferedReader in;
    private final PrintStream out;

    public ConsolePrompt() {
        // a console of redirected streams (Java 22+) would read the same input with more machinery: streams it is
        this(terminalAttached() ? System.console() : null,
             new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())), System.out);
    }

    ConsolePrompt(BufferedReader in, PrintStream out) {
        this(null, in, out);
    }

    private ConsolePrompt(Console console, BufferedReader in, PrintStream out) {
        this.console = console;
        this.in = in;
        this.out = out;
    }

    /**
     * Whether this JVM's input and output are a terminal, where a person can answer. Java 22+ may hand out a console
     * even when they are redirected, and says so with {@code isTerminal()} (not in Java 17, so looked up by name).
     */
    public static boolean terminalAttached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17 to 21: a console at all means a terminal
        }
    }

    /** Shows one line of text, such as a menu entry, where the questions appear. */
    public void show(String line) {
        out.println(line);
        out.flush();
    }

    /** Asks for a line; the answer without surrounding blanks, or "" when the input has ended. */
    public String line(String question) {
        if (console != null) {
            String answer = console.readLine("%s", question);
            return answer == null ? "" : answer.strip();
        }
        // Printed directly, not logged, so the answer is typed on the same line as the question.
        out.print(question);
        out.flush();
        try {
            String answer = in.readLine();
            return answer == null ? "" : answer.strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Anything but y/yes (including no input at all) means no. */
    public boolean confirm(String question) {
        return isYes(line(question + " [y/N] "));
    }

    /** Reads a secret without echoing it where there is a console; else a plain line. */
    public String secret(String question) {
        if (console != null) {
            char[] chars = console.readPassword("%s", question);
            return chars == null ? "" : new String(chars);
        }
        out.print(question);
        out.flush();
        try {
            String line = in.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }

    static boolean isYes(String answer) {
        String a = answer.strip().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }
}
