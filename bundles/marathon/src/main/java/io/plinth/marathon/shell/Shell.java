package io.plinth.marathon.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Marathon;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every command does around its one call to {@link Marathon}: say where the init scheduler runs
 * when it does not run here, and print a rejected request as Marathon's error answer, not a stack trace.
 */
final class Shell {

    private Shell() {
    }

    /**
     * Runs {@code body} with the init scheduler, or prints where it leads when its service is absent
     * (Karaf leaves an optional {@code @Reference} null then). An {@link ApiException} ends the command
     * with its message and details on {@code System.out}, which Karaf binds to the session's console.
     */
    static void run(Marathon marathon, LeaderDetector detector, Consumer<Marathon> body) {
        PrintStream out = System.out;
        if (marathon == null) {
            out.println(notRunningHere(detector));
            return;
        }
        try {
            body.accept(marathon);
        } catch (ApiException e) {
            printError(e, out);
        }
    }

    /** "The init scheduler does not run on this node: it leads on host (ip:port)", or that nobody leads it. */
    static String notRunningHere(LeaderDetector detector) {
        Optional<LeaderInfo> leader = Optional.empty();
        if (detector != null) {
            try {
                leader = detector.leader(Marathon.GROUP);
            } catch (RuntimeException e) {
                // ZooKeeper unreachable: as good as no known leader
            }
        }
        return leader.map(info -> "The init scheduler does not run on this node: it leads on " + describe(info))
                .orElse("The init scheduler does not run on this node, and no node leads it");
    }

    private static String describe(LeaderInfo leader) {
        String hostname = leader.hostname();
        return hostname == null || hostname.isBlank() || hostname.equals(leader.ip())
                ? leader.address()
                : hostname + " (" + leader.address() + ")";
    }

    /** Marathon's error answer as lines: {@code Error 422: Object is not valid}, then {@code   /cpus: error; error}. */
    static void printError(ApiException e, PrintStream out) {
        out.println("Error " + e.status() + ": " + e.getMessage());
        for (ErrorDetail detail : e.details()) {
            String path = detail.path() == null || detail.path().isEmpty() ? "/" : detail.path();
            out.println("  " + path + ": " + String.join("; ", detail.errors()));
        }
    }

    /**
     * The JSON the user gave: inline when it starts like JSON, else read from the file at that path
     * (relative to the container's working directory). Unreadable input is a 400 like the REST API's.
     */
    static JsonNode readJson(String jsonOrFile, ObjectMapper mapper) {
        String trimmed = jsonOrFile.strip();
        String text;
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            text = trimmed;
        } else {
            try {
                text = Files.readString(Path.of(trimmed));
            } catch (NoSuchFileException e) {
                throw ApiException.badRequest("No such file: " + trimmed);
            } catch (IOException e) {
                throw ApiException.badRequest("Cannot read " + trimmed + ": " + e.getMessage());
            }
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Invalid JSON: " + e.getOriginalMessage());
        }
    }

    /** Marathon takes an id without its leading slash as relative to the root group. */
    static String appId(String id) {
        return id.startsWith("/") ? id : "/" + id;
    }

    /** "; deployment {id}", or nothing when the change started none. */
    static String deployment(DeploymentResult result) {
        return result == null || result.deploymentId() == null ? "" : "; deployment " + result.deploymentId();
    }
}
