package io.leakscan.report;

/** HTML escaping: every string that reaches the page goes through here. */
final class Html {

    private Html() {
    }

    /** Escapes text and attribute values alike (quotes included), and drops characters HTML forbids. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0))) {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.toString();
    }

    /** Escaped text in which the author's `code spans` become {@code <code>} elements. */
    static String rich(String s) {
        if (s == null) {
            return "";
        }
        String[] parts = s.split("`", -1);
        if (parts.length % 2 == 0) {
            return esc(s);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            b.append(i % 2 == 0 ? esc(parts[i]) : "<code>" + esc(parts[i]) + "</code>");
        }
        return b.toString();
    }

    /** A class-name-safe token: {@code settle} stays, anything else becomes {@code other}. */
    static String token(String s) {
        return s != null && s.matches("[a-z][a-z0-9-]{0,30}") ? s : "other";
    }
}
