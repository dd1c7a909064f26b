package io.plinth.dns.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns arbitrary task and framework names into DNS labels the way Mesos-DNS's {@code labels} package does,
 * so that the names we serve are the names Mesos-DNS users already look up. Pure static functions.
 *
 * <p>A label function lower-cases ASCII letters, turns '-', '.' and '_' into '-', drops every other
 * character, strips the characters a label may not start with, and cuts the result to the maximum length.
 * When the cut lands inside a run of hyphens, the run is dropped and the label is filled up from what follows
 * it (Mesos-DNS's rule: "hello-----...f" keeps its "f"). One deliberate difference: Mesos-DNS can leave a
 * trailing hyphen when the filled-up part itself ends in one; we strip it, as no DNS label may end in '-'.
 */
public final class Labels {

    /** Longest RFC 1123 label. */
    public static final int RFC1123_MAX = 63;
    /** Longest RFC 952 label, as Mesos-DNS enforces it. */
    public static final int RFC952_MAX = 24;

    private Labels() {
    }

    /** A label valid under RFC 1123 (may start with a digit, at most 63 characters); may be empty. */
    public static String rfc1123(String name) {
        return label(name, RFC1123_MAX, false);
    }

    /** A label valid under RFC 952 (starts with a letter, at most 24 characters); may be empty. */
    public static String rfc952(String name) {
        return label(name, RFC952_MAX, true);
    }

    /** The label function Mesos-DNS selects with {@code EnforceRFC952}. */
    public static UnaryOperator<String> spec(boolean enforceRfc952) {
        return enforceRfc952 ? Labels::rfc952 : Labels::rfc1123;
    }

    /**
     * A domain fragment: {@code name} split at '.', each part turned into a label by {@code label}, empty
     * labels dropped, the rest joined with '.'. Used for framework names, which keep their dots
     * ("marathon.prod" stays two labels), whereas task names become one label.
     */
    public static String domainFrag(String name, UnaryOperator<String> label) {
        if (name == null) {
            return "";
        }
        List<String> labels = new ArrayList<>();
        for (String part : name.split("\\.", -1)) {
            String l = label.apply(part);
            if (!l.isEmpty()) {
                labels.add(l);
            }
        }
        return String.join(".", labels);
    }

    private static String label(String name, int maxLength, boolean letterFirst) {
        if (name == null) {
            return "";
        }
        StringBuilder mapped = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c >= 'A' && c <= 'Z') {
                mapped.append((char) (c - 'A' + 'a'));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                mapped.append((char) c);
            } else if (c == '-' || c == '.' || c == '_') {
                mapped.append('-');
            }
        });
        int start = 0;
        while (start < mapped.length() && !mayStart(mapped.charAt(start), letterFirst)) {
            start++;
        }
        String trimmed = mapped.substring(start);
        int size = Math.min(trimmed.length(), maxLength);
        String head = stripTrailingHyphens(trimmed.substring(0, size));
        if (head.length() == size) {
            return head;
        }
        String tail = stripLeadingHyphens(trimmed.substring(size));
        String filled = head + tail.substring(0, Math.min(tail.length(), size - head.length()));
        return stripTrailingHyphens(filled);
    }

    private static boolean mayStart(char c, boolean letterFirst) {
        return letterFirst ? c >= 'a' && c <= 'z' : c != '-';
    }

    private static String stripTrailingHyphens(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String stripLeadingHyphens(String s) {
        int begin = 0;
        while (begin < s.length() && s.charAt(begin) == '-') {
            begin++;
        }
        return s.substring(begin);
    }
}
