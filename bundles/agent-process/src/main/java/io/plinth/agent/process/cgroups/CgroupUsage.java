package io.plinth.agent.process.cgroups;

/**
 * A snapshot of what a container's cgroup has used, read from its cgroupfs files.
 *
 * @param memoryCurrentBytes {@code memory.current}: memory charged to the cgroup now (page cache included)
 * @param cpuUserSecs        {@code cpu.stat user_usec} in seconds, cumulative since the cgroup was created
 * @param cpuSystemSecs      {@code cpu.stat system_usec} in seconds, cumulative since the cgroup was created
 * @param processes          number of pids listed in {@code cgroup.procs}
 */
public record CgroupUsage(long memoryCurrentBytes, double cpuUserSecs, double cpuSystemSecs, int processes) {
}
