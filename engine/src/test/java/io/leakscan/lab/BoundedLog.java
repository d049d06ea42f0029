package io.leakscan.lab;

import java.util.ArrayDeque;
import java.util.Deque;

/** Keeps the last lines a lab app printed (at most 200 lines), so a failing test can show them. */
final class BoundedLog {

    private static final int MAX_LINES = 200;

    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized String text() {
        return String.join(System.lineSeparator(), lines);
    }
}
