package io.plinth.marathon.api;

/** What every change answers: the deployment it started and the new root version. */
public record DeploymentResult(String deploymentId, String version) {
}
