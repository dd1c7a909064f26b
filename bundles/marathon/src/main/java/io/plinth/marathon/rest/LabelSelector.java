package io.plinth.marathon.rest;

import io.plinth.rest.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Marathon's {@code label} query parameter: comma-separated terms that must all hold, each
 * {@code key} (present), {@code key==value}, {@code key!=value} (absent or different),
 * {@code key in (a, b)} or {@code key notin (a, b)}. A backslash escapes the next character.
 */
final class LabelSelector implements Predicate<Map<String, String>> {

    private static final Pattern SET = Pattern.compile("(.+?)\\s+(in|notin)\\s+\\((.*)\\)");

    private final List<Predicate<Map<String, String>>> terms;

    private LabelSelector(List<Predicate<Map<String, String>>> terms) {
        this.terms = List.copyOf(terms);
    }

    /** @throws ApiException 400 naming the selector when it cannot be read */
    static LabelSelector parse(String selector) {
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : split(selector, ',', true)) {
            terms.add(term(term.trim(), selector));
        }
        return new LabelSelector(terms);
    }

    @Override
    public boolean test(Map<String, String> labels) {
        return terms.stream().allMatch(term -> term.test(labels));
    }

    private static Predicate<Map<String, String>> term(String term, String selector) {
        Matcher set = SET.matcher(term);
        if (set.matches()) {
            String key = unescape(set.group(1).trim());
            Set<String> values = Set.copyOf(split(set.group(3), ',', false).stream()
                    .map(value -> unescape(value.trim())).toList());
            boolean in = set.group(2).equals("in");
            return labels -> labels.containsKey(key) && values.contains(labels.get(key)) == in;
        }
        int equals = indexOf(term, "==");
        if (equals > 0) {
            String key = unescape(term.substring(0, equals).trim());
            String value = unescape(term.substring(equals + 2).trim());
            return labels -> value.equals(labels.get(key));
        }
        int differs = indexOf(term, "!=");
        if (differs > 0) {
            String key = unescape(term.substring(0, differs).trim());
            String value = unescape(term.substring(differs + 2).trim());
            return labels -> !value.equals(labels.get(key));
        }
        if (term.isEmpty() || term.contains(" ") || term.contains("=") || term.contains("(")) {
            throw ApiException.badRequest("Invalid label selector '" + selector + "': cannot read '" + term + "'");
        }
        String key = unescape(term);
        return labels -> labels.containsKey(key);
    }

    /** Splits on unescaped {@code separator}; outside parentheses only when {@code topLevel}. */
    private static List<String> split(String text, char separator, boolean topLevel) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == separator && (!topLevel || depth == 0)) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static int indexOf(String term, String operator) {
        for (int i = 0; i + operator.length() <= term.length(); i++) {
            if (term.charAt(i) == '\\') {
                i++;
            } else if (term.startsWith(operator, i)) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String text) {
        return text.replaceAll("\\\\(.)", "$1");
    }
}
