package io.plinth.agent.process.proc;

/**
 * One process as {@code /proc/<pid>/stat} shows it at one moment. Immutable.
 *
 * @param pid        process id
 * @param ppid       parent's process id
 * @param pgid       process group
 * @param sid        session; a task's processes share the session its first process opened
 * @param state      the kernel's one-letter state ({@code R}, {@code S}, {@code Z} for a zombie, ...)
 * @param startTicks when it started, in clock ticks since boot: with the pid, names it uniquely
 * @param userTicks  cpu time in user mode, clock ticks
 * @param systemTicks cpu time in the kernel, clock ticks
 * @param threads    its threads
 * @param rssPages   resident memory, pages
 */
public record ProcessInfo(long pid, long ppid, long pgid, long sid, char state, long startTicks, long userTicks,
                          long systemTicks, int threads, long rssPages) {

    public boolean isZombie() {
        return state == 'Z' || state == 'X';
    }
}
