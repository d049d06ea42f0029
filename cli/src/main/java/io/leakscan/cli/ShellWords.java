package io.leakscan.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code --endpoints-file} line into words the way a POSIX shell would quote them, so a line reads like the
 * command line it stands for: {@code '...'} is literal, {@code "..."} keeps spaces and takes {@code \"} and
 * {@code \\}, a backslash outside quotes escapes the next character. No expansion of any kind.
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> split(String line, String where) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int close = c == '\'' ? line.indexOf('\'', i + 1) : closingDoubleQuote(line, i + 1);
                if (close < 0) {
                    throw CliException.usage("invalid " + where + ": unclosed " + c + " quote");
                }
                String inside = line.substring(i + 1, close);
                word.append(c == '\'' ? inside : inside.replaceAll("\\\\([\"\\\\$`])", "$1"));
                inWord = true;
                i = close;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int closingDoubleQuote(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }
}
