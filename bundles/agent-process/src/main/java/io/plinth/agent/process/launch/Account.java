package io.plinth.agent.process.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A local user account a task may run as.
 *
 * @param name its name
 * @param uid  its user id
 * @param gid  its primary group id
 * @param home its home directory
 */
public record Account(String name, long uid, long gid, String home) {

    /**
     * Looks {@code name} up in a passwd file ({@code /etc/passwd}). Accounts from other name services
     * (LDAP, ...) are not seen: util-linux' {@code setpriv}, which switches, would find them, but
     * the agent must know the ids to give the sandbox to the account first.
     */
    public static Optional<Account> lookup(Path passwd, String name) throws IOException {
        for (String line : Files.readAllLines(passwd)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 6 && fields[0].equals(name)) {
                try {
                    return Optional.of(new Account(name, Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5]));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
