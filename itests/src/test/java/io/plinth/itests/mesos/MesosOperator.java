package io.plinth.itests.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.itests.support.Await;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What an operator (or a tool such as the DC/OS UI) uses on a Mesos master: the JSON endpoints
 * ({@code /master/state}, ...), the v1 operator API {@code POST /api/v1} and its event stream, and
 * {@code /master/redirect} to find the leader.
 */
final class MesosOperator {

    static final String OPERATOR_PATH = "/api/v1";

    private final URI base;

    /** @param base a master's base URI, {@code http://ip:port} */
    MesosOperator(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    /**
     * Where {@code GET /master/redirect} on {@code node} points (the leading master's base URI), or
     * empty while the node cannot tell (not answering, no leader yet: anything but a 307).
     */
    static Optional<URI> leaderVia(URI node) {
        try {
            MesosHttp.Reply reply = MesosHttp.get(node.resolve("/master/redirect"));
            if (reply.status() != 307) {
                return Optional.empty();
            }
            return reply.header("Location").map(location -> {
                URI target = MesosHttp.resolveLocation(node.resolve("/master/redirect"), location);
                return URI.create(target.getScheme() + "://" + target.getRawAuthority());
            });
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    MesosHttp.Reply get(String path) {
        try {
            return MesosHttp.get(base.resolve(path));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path + " on " + base + " failed", e);
        }
    }

    /** {@code GET path}, which must answer 200 with a JSON body. */
    JsonNode json(String path) {
        MesosHttp.Reply reply = get(path);
        if (reply.status() != 200) {
            throw new AssertionError("GET " + path + " must answer 200, got " + reply);
        }
        String contentType = reply.header("Content-Type").orElse("");
        if (!contentType.startsWith(MesosHttp.JSON)) {
            throw new AssertionError("GET " + path + " must answer JSON, got Content-Type '" + contentType + "'");
        }
        return JsonSchedulerCodec.tree(reply.body());
    }

    MesosHttp.Reply post(String path, byte[] body, Map<String, String> headers) {
        try {
            return MesosHttp.post(base.resolve(path), body, headers);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("POST " + path + " on " + base + " failed", e);
        }
    }

    /** An operator API call by type, in JSON; it must answer 200 with a Response of the same type. */
    JsonNode call(String type) {
        MesosHttp.Reply reply = post(OPERATOR_PATH, MesosHttp.utf8("{\"type\":\"" + type + "\"}"),
                Map.of("Content-Type", MesosHttp.JSON, "Accept", MesosHttp.JSON));
        if (reply.status() != 200) {
            throw new AssertionError("operator " + type + " must answer 200, got " + reply);
        }
        JsonNode response = JsonSchedulerCodec.tree(reply.body());
        if (!type.equals(response.path("type").asText())) {
            throw new AssertionError("operator " + type + " answered a Response of type " + response.path("type") + ": " + reply);
        }
        return response;
    }

    /** Operator SUBSCRIBE (JSON): the stream of master events. */
    Stream subscribe() {
        try {
            MesosHttp.OpenStream opened = MesosHttp.openStream(base.resolve(OPERATOR_PATH),
                    MesosHttp.utf8("{\"type\":\"SUBSCRIBE\"}"), Map.of("Content-Type", MesosHttp.JSON, "Accept", MesosHttp.JSON));
            if (opened.status() != 200) {
                throw new AssertionError("operator SUBSCRIBE must answer 200, got " + opened.status() + " " + opened.errorText());
            }
            return new Stream(opened);
        } catch (IOException e) {
            throw new AssertionError("operator SUBSCRIBE on " + base + " failed", e);
        }
    }

    /** The operator event stream, read by a thread of its own into a list. */
    static final class Stream implements AutoCloseable {

        private final MesosHttp.OpenStream opened;
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private volatile Throwable end;

        private Stream(MesosHttp.OpenStream opened) {
            this.opened = opened;
            Thread reader = new Thread(this::read, "operator-events");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                RecordIoReader reader = new RecordIoReader(opened.body());
                Optional<byte[]> record;
                while ((record = reader.next()).isPresent()) {
                    events.add(JsonSchedulerCodec.tree(record.get()));
                }
                end = new java.io.EOFException("the master ended the stream");
            } catch (IOException | RuntimeException e) {
                end = e;
            }
        }

        List<JsonNode> events() {
            return List.copyOf(events);
        }

        /** The first event of {@code type} that matches, waiting up to {@code timeout}. */
        JsonNode await(String type, Duration timeout, Predicate<JsonNode> match) {
            try {
                return Await.until("operator event " + type, timeout, () -> events.stream()
                        .filter(event -> type.equals(event.path("type").asText()) && match.test(event))
                        .findFirst().orElse(null));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; stream " + (end == null ? "open" : "ended: " + end)
                        + "; types seen: " + events.stream().map(event -> event.path("type").asText())
                        .collect(Collectors.toList()), e);
            }
        }

        @Override
        public void close() {
            opened.close();
        }
    }
}
