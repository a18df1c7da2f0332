package io.docchat.chat.search;

import org.springframework.web.util.HtmlUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Highlighted snippets made on the client: the window of the chunk text (about {@code chars} long) that holds
 * the most of the query's words, HTML-escaped, with each query word in {@code <em>}. Elasticsearch's
 * highlighter did this in a second {@code _search} per query, which cost more Elasticsearch time than the
 * page fetch itself; the page's text is loaded anyway, and ten texts are microseconds of work here.
 *
 * <p>Words are split like Elasticsearch's {@code standard} analyzer (the index's analyzer) for Latin text:
 * runs of letters, digits and {@code _}, joined across {@code '} and {@code .} between letters and across
 * {@code .} and {@code ,} between digits, lower-cased; no stop words, as in {@code standard}.
 */
final class Snippets {

    private static final String ELLIPSIS = "…";

    private Snippets() {
    }

    /** A word of the text: where it is and its lower-cased form. */
    record Token(int start, int end, String term) {
    }

    static String highlight(String text, String query, int chars) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        Set<String> terms = new LinkedHashSet<>();
        for (Token t : tokens(query)) {
            terms.add(t.term());
        }
        List<Token> tokens = tokens(text);
        List<Token> matches = new ArrayList<>();
        for (Token t : tokens) {
            if (terms.contains(t.term())) {
                matches.add(t);
            }
        }
        if (matches.isEmpty()) {
            return lead(text, chars);
        }
        int[] best = bestWindow(matches, chars);
        int from = matches.get(best[0]).start();
        int to = matches.get(best[1]).end();
        // spread what is left of the budget on both sides, cut at word boundaries
        int slack = Math.max(0, chars - (to - from));
        int start = wordStartAtOrAfter(tokens, Math.max(0, from - slack / 2), from);
        int end = wordEndAtOrBefore(tokens, Math.min(text.length(), to + (slack - (from - start))), to);
        // no word cut off at either end: keep the punctuation there too
        start = start == tokens.getFirst().start() ? 0 : start;
        end = end == tokens.getLast().end() ? text.length() : end;
        StringBuilder out = new StringBuilder(end - start + 32);
        if (start > 0) {
            out.append(ELLIPSIS).append(' ');
        }
        int at = start;
        for (Token m : matches) {
            if (m.start() < start || m.end() > end) {
                continue;
            }
            out.append(HtmlUtils.htmlEscape(text.substring(at, m.start())))
                    .append("<em>").append(HtmlUtils.htmlEscape(text.substring(m.start(), m.end()))).append("</em>");
            at = m.end();
        }
        out.append(HtmlUtils.htmlEscape(text.substring(at, end)));
        if (end < text.length()) {
            out.append(' ').append(ELLIPSIS);
        }
        return out.toString();
    }

    /**
     * Indexes (into {@code matches}) of the first and last match of the best window no longer than
     * {@code chars}: most distinct query words, then most matches, then the earliest.
     */
    private static int[] bestWindow(List<Token> matches, int chars) {
        Map<String, Integer> counts = new HashMap<>();
        int[] best = {0, 0};
        int bestDistinct = 0;
        int bestTotal = 0;
        int left = 0;
        for (int right = 0; right < matches.size(); right++) {
            counts.merge(matches.get(right).term(), 1, Integer::sum);
            while (matches.get(right).end() - matches.get(left).start() > chars && left < right) {
                counts.merge(matches.get(left).term(), -1, Integer::sum);
                counts.remove(matches.get(left).term(), 0);
                left++;
            }
            int total = right - left + 1;
            if (counts.size() > bestDistinct || (counts.size() == bestDistinct && total > bestTotal)) {
                bestDistinct = counts.size();
                bestTotal = total;
                best = new int[]{left, right};
            }
        }
        return best;
    }

    private static int wordStartAtOrAfter(List<Token> tokens, int position, int limit) {
        for (Token t : tokens) {
            if (t.start() >= position) {
                return Math.min(t.start(), limit);
            }
        }
        return limit;
    }

    private static int wordEndAtOrBefore(List<Token> tokens, int position, int limit) {
        int end = limit;
        for (Token t : tokens) {
            if (t.end() > position) {
                break;
            }
            end = Math.max(end, t.end());
        }
        return end;
    }

    private static String lead(String text, int chars) {
        if (text.length() <= chars) {
            return HtmlUtils.htmlEscape(text);
        }
        int cut = text.lastIndexOf(' ', chars);
        return HtmlUtils.htmlEscape(text.substring(0, cut > 0 ? cut : chars)) + " " + ELLIPSIS;
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
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
                } else if (i + 1 < n && joins(s.codePointBefore(i), c, s.codePointAt(i + 1))) {
                    i += 1 + Character.charCount(s.codePointAt(i + 1));
                } else {
                    break;
                }
            }
            out.add(new Token(start, i, s.substring(start, i).toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static boolean isWord(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }

    /** UAX #29 in short: {@code don't}, {@code e.g}, {@code 3.5} and {@code 1,000} stay one word. */
    private static boolean joins(int before, int mid, int after) {
        if ((mid == '\'' || mid == '’' || mid == '.') && Character.isLetter(before) && Character.isLetter(after)) {
            return true;
        }
        return (mid == '.' || mid == ',') && Character.isDigit(before) && Character.isDigit(after);
    }
}
