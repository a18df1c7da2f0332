package io.docchat.chat.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Content words of English text: lower case, no stop words, with a crude plural/verb stem. */
final class Terms {

    private static final Set<String> STOP = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "can", "do",
            "does", "for", "from", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or", "should", "that",
            "the", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you",
            "your", "there", "their", "they", "them", "about", "into", "than", "then", "so", "if", "not", "use",
            "using", "used", "get", "set", "make", "way", "tell", "please", "explain", "describe", "vs", "versus");

    private Terms() {
    }

    static List<String> content(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
            if (w.length() > 1 && !STOP.contains(w) && !out.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    static Set<String> set(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
            if (!w.isEmpty()) {
                out.add(w);
                out.add(stem(w));
            }
        }
        return out;
    }

    static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 3 && w.endsWith("es")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s")) {
            return w.substring(0, w.length() - 1);
        }
        if (w.length() > 3 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        return w;
    }
}
