package dev.binfarm.catalog.spec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A check on some text (stdout, stderr, a file's content). Every given part
 * must hold: exact equality, each substring, the regex (found anywhere, with
 * MULTILINE so ^ and $ match at line ends).
 */
public record OutputCheck(String equals, List<String> contains, Pattern regex) {
    public OutputCheck {
        contains = List.copyOf(contains);
    }

    /** Null when the text passes, else a short reason naming the failed part. */
    public String mismatch(String text) {
        if (equals != null && !equals.equals(text)) return "is not equal to " + quote(equals);
        for (String c : contains) {
            if (!text.contains(c)) return "does not contain " + quote(c);
        }
        if (regex != null && !regex.matcher(text).find()) return "does not match /" + regex.pattern() + "/";
        return null;
    }

    private static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "'" + shown.replace("\n", "\\n") + "'";
    }
}
