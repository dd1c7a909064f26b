package io.plinth.agent.gc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points of this process's mount namespace. The collector refuses to delete a tree with a mount
 * point inside: a volume bind-mounted into a sandbox and not unmounted by its containerizer would
 * otherwise lose its data, which lives outside the sandbox.
 */
@FunctionalInterface
interface MountTable {

    /** Absolute mount points; empty where the platform does not tell. */
    List<Path> mountPoints() throws IOException;

    /** Linux' {@code /proc/self/mountinfo}; nothing elsewhere. */
    static MountTable proc() {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        return () -> {
            try {
                return parseMountinfo(Files.readAllLines(mountinfo));
            } catch (NoSuchFileException e) {
                return List.of();
            }
        };
    }

    /** The fifth field of each line of mountinfo(5), with its octal escapes ({@code \040} for a space) undone. */
    static List<Path> parseMountinfo(List<String> lines) {
        List<Path> points = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                points.add(Path.of(unescape(fields[4])));
            }
        }
        return points;
    }

    // The kernel escapes only space, tab, newline and backslash, all ASCII: one char per escape is right.
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
