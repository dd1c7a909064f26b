package io.plinth.agent.process.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.CommandInfo;

/** A task's {@code CommandInfo} as the command line the supervisor runs. Pure. */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * {@code shell} (the default) runs {@code value} with {@code /bin/sh -c}; otherwise {@code value}
     * is the executable and {@code arguments} its argv, whose first entry (argv[0]) a shell cannot
     * pass on and is dropped.
     *
     * @param switchTo the account to run as, if any: util-linux' {@code setpriv} (at {@code setpriv})
     *                 changes to it just before the exec
     * @throws IllegalArgumentException for a command without a value
     */
    public static List<String> of(CommandInfo command, Optional<Account> switchTo, String setpriv) {
        if (!command.hasValue() || command.getValue().isBlank()) {
            throw new IllegalArgumentException("the task's command has no value");
        }
        List<String> argv = new ArrayList<>();
        switchTo.ifPresent(account -> {
            argv.add(setpriv);
            argv.add("--reuid=" + account.uid());
            argv.add("--regid=" + account.gid());
            argv.add("--init-groups");
            argv.add("--");
        });
        if (!command.hasShell() || command.getShell()) {
            argv.add("/bin/sh");
            argv.add("-c");
            argv.add(command.getValue());
        } else {
            argv.add(command.getValue());
            List<String> arguments = command.getArgumentsList();
            if (arguments.size() > 1) {
                argv.addAll(arguments.subList(1, arguments.size()));
            }
        }
        return argv;
    }
}
