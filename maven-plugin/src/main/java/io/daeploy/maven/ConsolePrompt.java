package io.daeploy.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Locale;

/** Asks a yes/no question on the terminal; anything but y/yes (including no input at all) means no. */
public final class ConsolePrompt {

    private final BufferedReader in;
    private final PrintStream out;

    public ConsolePrompt() {
        this(new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())), System.out);
    }

    ConsolePrompt(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    public boolean confirm(String question) {
        // Printed directly, not logged, so the answer is typed on the same line as the question.
        out.print(question + " [y/N] ");
        out.flush();
        try {
            String answer = in.readLine();
            return answer != null && isYes(answer);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a secret without echoing it where there is a console; else a plain line. */
    public String secret(String question) {
        java.io.Console console = System.console();
        if (console != null) {
            char[] chars = console.readPassword(question);
            return chars == null ? "" : new String(chars);
        }
        System.out.print(question);
        System.out.flush();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
            return line == null ? "" : line;
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static boolean isYes(String answer) {
        String a = answer.strip().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }
}
