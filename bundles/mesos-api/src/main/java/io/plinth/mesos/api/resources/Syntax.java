package io.plinth.mesos.api.resources;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Mesos' text syntax for values, names and roles, shared by resources and attributes. Failures are
 * {@link IllegalArgumentException}s whose message says what is wrong; callers add the entry.
 */
final class Syntax {

    /** Characters that delimit the syntax and so can appear in no name, role or item. */
    private static final String RESERVED = ";:()[]{},";
    // Java's Double.parseDouble also takes "NaN", "1d", "0x1p3": Mesos' lexical_cast does not
    private static final Pattern NUMBER = Pattern.compile("[+]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NEGATIVE_NUMBER = Pattern.compile("-(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Syntax() {
    }

    static String requireName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        requirePlain(what, name);
        return name;
    }

    /** Mesos' role rules: not ".", "..", no leading "-", "*" only alone, no whitespace. */
    static String requireRole(String role) {
        if (role == null || role.isEmpty()) {
            throw new IllegalArgumentException("role is empty");
        }
        if (role.equals(Resource.UNRESERVED)) {
            return role;
        }
        if (role.equals(".") || role.equals("..") || role.startsWith("-") || role.contains("*")) {
            throw new IllegalArgumentException("invalid role '" + role + "'");
        }
        requirePlain("role '" + role + "'", role);
        return role;
    }

    private static void requirePlain(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || RESERVED.indexOf(c) >= 0) {
                throw new IllegalArgumentException(what + " contains '" + c + "'");
            }
        }
    }

    /** Rounds to Mesos' fixed point: three decimals. */
    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    static long millis(double value) {
        return Math.round(value * 1000.0);
    }

    static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches();
    }

    static double parseScalar(String text) {
        if (NEGATIVE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("negative value " + text);
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number, [ranges] or {set}");
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value " + text + " is out of range");
        }
        return value;
    }

    static String formatScalar(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** {@code [a-b,c-d]}: the brackets are already checked. */
    static List<Range> parseRanges(String text) {
        String inner = text.substring(1, text.length() - 1);
        List<Range> ranges = new ArrayList<>();
        for (String part : inner.split(",", -1)) {
            String token = part.strip();
            if (token.isEmpty()) {
                if (inner.isBlank()) {
                    break;
                }
                throw new IllegalArgumentException("empty range in " + text);
            }
            int dash = token.indexOf('-');
            if (dash <= 0 || dash == token.length() - 1) {
                throw new IllegalArgumentException("range '" + token + "' is not begin-end");
            }
            String begin = token.substring(0, dash).strip();
            String end = token.substring(dash + 1).strip();
            ranges.add(new Range(parseBound(token, begin), parseBound(token, end)));
        }
        return ranges;
    }

    private static long parseBound(String range, String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("range '" + range + "' needs non-negative integers");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range bound " + digits + " is too large");
        }
    }

    /** {@code {a,b}}: the braces are already checked. */
    static SortedSet<String> parseItems(String text) {
        SortedSet<String> items = new TreeSet<>();
        for (String part : text.substring(1, text.length() - 1).split(",")) {
            String item = part.strip();
            if (!item.isEmpty()) {
                items.add(requireName("item '" + item + "'", item));
            }
        }
        return items;
    }

    static String formatRanges(List<Range> ranges, String separator) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < ranges.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(ranges.get(i).begin()).append('-').append(ranges.get(i).end());
        }
        return out.append(']').toString();
    }

    static String formatItems(Collection<String> items, String separator) {
        return "{" + String.join(separator, items) + "}";
    }
}
