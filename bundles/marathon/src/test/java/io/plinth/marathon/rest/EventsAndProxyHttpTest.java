package io.plinth.marathon.rest;

import static io.plinth.marathon.rest.Servers.header;
import static io.plinth.marathon.rest.Servers.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v2/events} through CXF on Jetty (events reach the client while the answer is open), and
 * a follower master that forwards the API to a second server acting as the leader.
 */
class EventsAndProxyHttpTest {

    private final Servers servers = new Servers();
    private final FakeMarathon marathon = new FakeMarathon();
    private final FakeEventStream events = new FakeEventStream();
    /** One thread reads each stream, so a read that never returns fails the test instead of hanging it. */
    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private MarathonV2Resource leaderApi;

    @AfterEach
    void stop() throws Exception {
        reader.shutdownNow();
        if (leaderApi != null) {
            leaderApi.close();
        }
        servers.close();
    }

    /** The leading master: Marathon bound everywhere. */
    private URI leader(FakeLeaderDetector detector, Duration heartbeat) throws Exception {
        marathon.add(FakeMarathon.app("/prod/web", "serve", Map.of(), List.of(10000)));
        LeadingMarathon leading = new LeadingMarathon();
        leading.bind(marathon);
        LeadingMarathon forFilter = new LeadingMarathon();
        forFilter.bind(marathon);
        leaderApi = new MarathonV2Resource(leading, detector, events, heartbeat, "test");
        return servers.serve(leaderApi,
                new LeaderProxyFilter(forFilter, detector, new LeaderProxy(servers.client, Duration.ofSeconds(5))));
    }

    /** A master that does not lead: no Marathon bound. */
    private URI follower(FakeLeaderDetector detector) throws Exception {
        return servers.serve(new MarathonV2Resource(new LeadingMarathon(), detector, new FakeEventStream(),
                        Duration.ofSeconds(10), "test"), new MetricsResource(new LeadingMarathon()),
                new LeaderProxyFilter(new LeadingMarathon(), detector, new LeaderProxy(servers.client, Duration.ofSeconds(5))));
    }

    private HttpResponse<InputStream> subscribe(URI uri) throws Exception {
        return servers.client.send(Servers.request(uri).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The next event's two lines, skipping heartbeats; null at the end of the stream. */
    private String next(BufferedReader lines) throws Exception {
        return reader.submit(() -> {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    String data = lines.readLine();
                    lines.readLine();
                    return line + "\n" + data;
                }
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private static BufferedReader lines(HttpResponse<InputStream> response) {
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void eventsReachTheClientAsTheyArePublishedFilteredByType() throws Exception {
        URI base = leader(new FakeLeaderDetector(FakeLeaderDetector.at("127.0.0.1", 1)), Duration.ofMillis(200));
        HttpResponse<InputStream> all = subscribe(base.resolve("/v2/events"));
        assertEquals(200, all.statusCode());
        assertTrue(header(all, "Content-Type").startsWith("text/event-stream"));
        HttpResponse<InputStream> filtered = subscribe(base.resolve(
                "/v2/events?event_type=deployment_success&event_type=app_terminated_event"));
        assertEquals(2, events.subscribers());

        events.publish("status_update_event", "{\"eventType\":\"status_update_event\",\"taskId\":\"t1\"}");
        events.publish("deployment_success", "{\"eventType\":\"deployment_success\",\"id\":\"d1\"}");

        BufferedReader allLines = lines(all);
        for (int i = 0; i < 2; i++) { // its own attachment and the filtered stream's
            String attached = next(allLines);
            assertTrue(attached.startsWith("event: event_stream_attached\ndata: {\"remoteAddress\":\"127.0.0.1\","
                    + "\"eventType\":\"event_stream_attached\",\"timestamp\":\""), attached);
        }
        assertEquals("event: status_update_event\ndata: {\"eventType\":\"status_update_event\",\"taskId\":\"t1\"}",
                next(allLines));
        assertEquals("event: deployment_success\ndata: {\"eventType\":\"deployment_success\",\"id\":\"d1\"}",
                next(allLines));
        assertEquals("event: deployment_success\ndata: {\"eventType\":\"deployment_success\",\"id\":\"d1\"}",
                next(lines(filtered)), "the filtered stream skips status_update_event");

        // the client hangs up: the next heartbeat's write fails and the subscription is closed
        all.body().close();
        filtered.body().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.subscribers() == 0 && leaderApi.openStreams() == 0);
    }

    @Test
    void aClientThatHangsUpIsReportedAsDetached() throws Exception {
        URI base = leader(new FakeLeaderDetector(FakeLeaderDetector.at("127.0.0.1", 1)), Duration.ofMillis(200));
        HttpResponse<InputStream> watcher = subscribe(base.resolve("/v2/events?event_type=event_stream_detached"));
        HttpResponse<InputStream> leaving = subscribe(base.resolve("/v2/events"));
        leaving.body().close();

        String detached = next(lines(watcher));
        assertTrue(detached.startsWith("event: event_stream_detached\ndata: {\"remoteAddress\":\"127.0.0.1\","
                + "\"eventType\":\"event_stream_detached\""), detached);
        watcher.body().close();
    }

    @Test
    void losingLeadershipEndsTheStreams() throws Exception {
        URI base = leader(new FakeLeaderDetector(null), Duration.ofSeconds(10));
        HttpResponse<InputStream> stream = subscribe(base.resolve("/v2/events"));
        BufferedReader lines = lines(stream);
        assertTrue(next(lines).startsWith("event: event_stream_attached"));
        leaderApi.unbindMarathon(marathon);
        assertEquals(null, next(lines));
        assertEquals(0, events.subscribers());
    }

    @Test
    void aFollowerForwardsToTheLeader() throws Exception {
        FakeLeaderDetector detector = new FakeLeaderDetector(null);
        URI leader = leader(detector, Duration.ofMillis(200));
        detector.leader = FakeLeaderDetector.at("127.0.0.1", leader.getPort());
        URI follower = follower(detector);

        HttpResponse<String> app = servers.get(follower, "/v2/apps/prod/web?embed=app.counts");
        assertEquals(200, app.statusCode(), app.body());
        assertEquals("/prod/web", json(app).get("app").get("id").asText());
        assertTrue(header(app, "Content-Type").startsWith("application/json"));
        assertEquals("http://127.0.0.1:" + leader.getPort(), header(app, "X-Marathon-Leader"));

        HttpResponse<String> created = servers.send(follower, "POST", "/service/marathon/v2/apps?force=true",
                "{\"id\":\"/new\",\"cmd\":\"x\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(header(created, "Location").endsWith("/v2/apps/new"), header(created, "Location"));
        assertEquals(json(created).get("deployments").get(0).get("id").asText(), header(created, "Marathon-Deployment-Id"));
        assertTrue(marathon.calls.contains("create /new force=true"), marathon.calls.toString());

        HttpResponse<String> text = servers.send(follower, "GET", "/v2/tasks", null, "Accept", "text/plain");
        assertTrue(header(text, "Content-Type").startsWith("text/plain"));
        HttpResponse<String> missing = servers.get(follower, "/v2/apps/nope");
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"App '/nope' does not exist\"}", missing.body());
        assertEquals(202, servers.send(follower, "DELETE", "/v2/deployments/d-1?force=true", null).statusCode());

        HttpResponse<String> abdicate = servers.send(follower, "DELETE", "/v2/leader", null);
        assertEquals("{\"message\":\"Leadership abdicted\"}", abdicate.body());
        assertTrue(marathon.calls.contains("abdicate"));

        HttpResponse<InputStream> stream = subscribe(follower.resolve("/v2/events?event_type=app_terminated_event"));
        assertEquals(200, stream.statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> events.subscribers() == 1);
        events.publish("app_terminated_event", "{\"appId\":\"/prod/web\"}");
        assertEquals("event: app_terminated_event\ndata: {\"appId\":\"/prod/web\"}", next(lines(stream)));
        stream.body().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.subscribers() == 0);
    }

    @Test
    void aFollowerAnswersLeaderAndPingItselfAndWithoutALeader503() throws Exception {
        FakeLeaderDetector detector = new FakeLeaderDetector(FakeLeaderDetector.at("10.0.0.7", 8080));
        URI follower = follower(detector);
        assertEquals("{\"leader\":\"10.0.0.7:8080\"}", servers.get(follower, "/marathon/v2/leader").body());
        {
            HttpResponse<String> metrics = servers.get(follower, "/metrics");
            assertEquals(0, json(metrics).get("gauges").get("marathon.leadership.elected.gauge").get("value").asInt());
        }
        detector.leader = null;
        HttpResponse<String> none = servers.get(follower, "/v2/apps");
        assertEquals(503, none.statusCode());
        assertEquals("{\"message\":\"Could not determine the current leader\"}", none.body());
        assertEquals(404, servers.get(follower, "/v2/leader").statusCode());
    }

    @Test
    void aLeaderThatDoesNotLeadIsALoopNotAnEndlessForward() throws Exception {
        FakeLeaderDetector detector = new FakeLeaderDetector(null);
        URI follower = follower(detector);
        detector.leader = FakeLeaderDetector.at("127.0.0.1", follower.getPort());
        HttpResponse<String> loop = servers.get(follower, "/v2/apps");
        assertEquals(502, loop.statusCode(), loop.body());
        assertEquals("{\"message\":\"Detected proxying loop.\"}", loop.body());
    }
}
