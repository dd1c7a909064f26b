/**
 * Agent-side health checks of one task, with Mesos' semantics for {@code TaskInfo.health_check}.
 * Plain Java; see README.md in this directory for the vocabulary and the life of a checker.
 */
package io.plinth.agent.process.health;
