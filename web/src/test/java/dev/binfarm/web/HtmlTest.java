package dev.binfarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesMarkupQuotesAndControlBytes() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Html.esc("<script>alert(1)</script>"));
        assertEquals("&amp;amp; &quot;a&quot; &#39;b&#39;", Html.esc("&amp; \"a\" 'b'"));
        assertEquals("a\uFFFDb\nc", Html.esc("a\u0000b\nc"));
        assertEquals("", Html.esc(null));
    }

    /** Generated inputs: escaping never leaves a markup character and unescaping gives the text back. */
    @Test
    void escapedTextRoundTripsAndHoldsNoMarkup() {
        Random random = new Random(7);
        String alphabet = "<>&\"'ab;#/= \n\u00e9\u4e2d";
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String escaped = Html.esc(sb.toString());
            for (char c : "<>\"'".toCharArray()) assertFalse(escaped.indexOf(c) >= 0, escaped);
            String back = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&amp;", "&");
            assertEquals(sb.toString(), back);
        }
    }
}
