package io.docchat.chat.search;

import org.springframework.web.util.HtmlUtils;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Highlighted snippets made on the client: the window of the chunk text (about {@code chars} long) that holds
 * the most of the query's words, HTML-escaped, with each query word in {@code <em>}. Elasticsearch's
 * highlighter did this in a second {@code _search} per query, which cost more Elasticsearch time than the
 * page fetch itself; the page's text is loaded anyway. The text is scanned once for word boundaries and no
 * string is made per word: ten snippets are on every cache miss.
 *
 * <p>Words are split like Elasticsearch's {@code standard} analyzer (the index's analyzer) for Latin text:
 * runs of letters, digits and {@code _}, joined across {@code '} and {@code .} between letters and across
 * {@code .} and {@code ,} between digits, compared ignoring case; no stop words, as in {@code standard}.
 */
final class Snippets {

    private static final String ELLIPSIS = "…";

    private Snippets() {
    }

    /** A word of a text: where it is and its lower-cased form. */
    record Token(int start, int end, String term) {
    }

    /** The query's distinct words, made once for all the snippets of a page. */
    static final class Terms {

        private final String[] terms;
        private final int[] hashes;

        private Terms(List<String> terms) {
            this.terms = terms.toArray(String[]::new);
            this.hashes = new int[this.terms.length];
            for (int t = 0; t < this.terms.length; t++) {
                hashes[t] = foldedHash(this.terms[t], 0, this.terms[t].length());
            }
        }

        int size() {
            return terms.length;
        }

        /** Which query word {@code text[start, end)} is, ignoring case, or -1. */
        int indexOf(String text, int start, int end) {
            int length = end - start;
            int hash = foldedHash(text, start, end);
            for (int t = 0; t < terms.length; t++) {
                // hashes first: most words of a passage are not query words, yet many are as long as one
                if (hashes[t] == hash && terms[t].length() == length && text.regionMatches(true, start, terms[t], 0, length)) {
                    return t;
                }
            }
            return -1;
        }

        /**
         * A hash that is equal for any two strings {@link String#regionMatches(boolean, int, String, int, int)}
         * calls equal ignoring case: it folds each char the way that comparison does (upper, then lower case).
         */
        private static int foldedHash(String s, int from, int to) {
            int h = 0;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                h = 31 * h + (c < 128 ? (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)
                        : Character.toLowerCase(Character.toUpperCase(c)));
            }
            return h;
        }
    }

    static Terms terms(String query) {
        return new Terms(tokens(query).stream().map(Token::term).distinct().toList());
    }

    static String highlight(String text, String query, int chars) {
        return highlight(text, terms(query), chars);
    }

    static String highlight(String text, Terms terms, int chars) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        int[] words = spans(text);
        int wordCount = words.length / 2;
        if (wordCount == 0) {
            return lead(text, chars);
        }
        // matches: word index and which query term it is
        int[] matchWord = new int[wordCount];
        int[] matchTerm = new int[wordCount];
        int matches = 0;
        for (int w = 0; w < wordCount; w++) {
            int term = terms.indexOf(text, words[2 * w], words[2 * w + 1]);
            if (term >= 0) {
                matchWord[matches] = w;
                matchTerm[matches++] = term;
            }
        }
        if (matches == 0) {
            return lead(text, chars);
        }
        int[] best = bestWindow(words, matchWord, matchTerm, matches, terms.size(), chars);
        int from = words[2 * matchWord[best[0]]];
        int to = words[2 * matchWord[best[1]] + 1];
        // spread what is left of the budget on both sides, cut at word boundaries
        int slack = Math.max(0, chars - (to - from));
        int start = wordStartAtOrAfter(words, Math.max(0, from - slack / 2), from);
        int end = wordEndAtOrBefore(words, Math.min(text.length(), to + (slack - (from - start))), to);
        // no word cut off at either end: keep the punctuation there too
        start = start == words[0] ? 0 : start;
        end = end == words[words.length - 1] ? text.length() : end;
        StringBuilder out = new StringBuilder(end - start + 64);
        if (start > 0) {
            out.append(ELLIPSIS).append(' ');
        }
        int at = start;
        for (int m = 0; m < matches; m++) {
            int ws = words[2 * matchWord[m]];
            int we = words[2 * matchWord[m] + 1];
            if (ws < start || we > end) {
                continue;
            }
            escape(out, text, at, ws);
            out.append("<em>");
            escape(out, text, ws, we);
            out.append("</em>");
            at = we;
        }
        escape(out, text, at, end);
        if (end < text.length()) {
            out.append(' ').append(ELLIPSIS);
        }
        return out.toString();
    }

    /**
     * Indexes (into the matches) of the first and last match of the best window no longer than
     * {@code chars}: most distinct query words, then most matches, then the earliest.
     */
    private static int[] bestWindow(int[] words, int[] matchWord, int[] matchTerm, int matches, int termCount, int chars) {
        int[] counts = new int[termCount];
        int distinct = 0;
        int[] best = {0, 0};
        int bestDistinct = 0;
        int bestTotal = 0;
        int left = 0;
        for (int right = 0; right < matches; right++) {
            if (counts[matchTerm[right]]++ == 0) {
                distinct++;
            }
            int end = words[2 * matchWord[right] + 1];
            while (left < right && end - words[2 * matchWord[left]] > chars) {
                if (--counts[matchTerm[left]] == 0) {
                    distinct--;
                }
                left++;
            }
            int total = right - left + 1;
            if (distinct > bestDistinct || (distinct == bestDistinct && total > bestTotal)) {
                bestDistinct = distinct;
                bestTotal = total;
                best = new int[]{left, right};
            }
        }
        return best;
    }

    private static int wordStartAtOrAfter(int[] words, int position, int limit) {
        for (int i = 0; i < words.length; i += 2) {
            if (words[i] >= position) {
                return Math.min(words[i], limit);
            }
        }
        return limit;
    }

    private static int wordEndAtOrBefore(int[] words, int position, int limit) {
        int end = limit;
        for (int i = 1; i < words.length && words[i] <= position; i += 2) {
            end = Math.max(end, words[i]);
        }
        return end;
    }

    private static String lead(String text, int chars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), chars) + 16);
        if (text.length() <= chars) {
            escape(out, text, 0, text.length());
            return out.toString();
        }
        int cut = text.lastIndexOf(' ', chars);
        escape(out, text, 0, cut > 0 ? cut : chars);
        return out.append(' ').append(ELLIPSIS).toString();
    }

    /**
     * Appends {@code s[from, to)} HTML-escaped (Spring's escaping, as the rest of the server uses): markup
     * characters only, since the response is UTF-8 ({@code é} stays {@code é}, not {@code &eacute;}).
     */
    private static void escape(StringBuilder out, String s, int from, int to) {
        if (from < to) {
            out.append(HtmlUtils.htmlEscape(s.substring(from, to), "UTF-8"));
        }
    }

    /** The query's words, lower-cased. */
    static List<Token> tokens(String s) {
        int[] spans = spans(s);
        List<Token> out = new ArrayList<>(spans.length / 2);
        for (int i = 0; i < spans.length; i += 2) {
            out.add(new Token(spans[i], spans[i + 1], s.substring(spans[i], spans[i + 1]).toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    /** Word boundaries as {@code [start0, end0, start1, end1, ...]}. */
    private static int[] spans(String s) {
        int[] out = new int[32];
        int size = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (!isWord(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            i += Character.charCount(cp);
            while (i < n) {
                int c = s.codePointAt(i);
                if (isWord(c)) {
                    i += Character.charCount(c);
                } else if (i + 1 < n && isJoiner(c) && joins(s.codePointBefore(i), c, s.codePointAt(i + 1))) {
                    i += 1 + Character.charCount(s.codePointAt(i + 1));
                } else {
                    break;
                }
            }
            if (size + 2 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[size++] = start;
            out[size++] = i;
        }
        return Arrays.copyOf(out, size);
    }

    private static boolean isWord(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        return Character.isLetterOrDigit(cp);
    }

    private static boolean isJoiner(int cp) {
        return cp == '\'' || cp == '’' || cp == '.' || cp == ',';
    }

    /** UAX #29 in short: {@code don't}, {@code e.g}, {@code 3.5} and {@code 1,000} stay one word. */
    private static boolean joins(int before, int mid, int after) {
        if ((mid == '\'' || mid == '’' || mid == '.') && Character.isLetter(before) && Character.isLetter(after)) {
            return true;
        }
        return (mid == '.' || mid == ',') && Character.isDigit(before) && Character.isDigit(after);
    }
}
