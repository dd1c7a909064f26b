package io.plinth.marathon.match;

import static io.plinth.marathon.match.MatchFixtures.app;
import static io.plinth.marathon.match.MatchFixtures.check;
import static io.plinth.marathon.match.MatchFixtures.env;
import static io.plinth.marathon.match.MatchFixtures.matcher;
import static io.plinth.marathon.match.MatchFixtures.offer;
import static io.plinth.marathon.match.MatchFixtures.offerProto;
import static io.plinth.marathon.match.MatchFixtures.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.FetchUri;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.PortDefinition;
import io.plinth.mesos.api.resources.Attributes;
import io.plinth.mesos.api.resources.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

class OfferMatcherTest {

    private static Resources taskResources(Launch launch) {
        return Resources.fromProto(launch.task().getResourcesList());
    }

    @Test
    void consumesAnOffersResourcesAcrossSeveralTasks() {
        OfferView offer = offer("o1", "a1", "h1", "cpus:2.5;mem:1024;disk:100", "");
        MatchResult result = matcher("*").match(List.of(offer),
                List.of(app("/web").cpus(1).mem(256).disk(40).pending(5)), List.of());

        assertEquals(2, result.launches().size(), "2.5 cpus hold two 1-cpu tasks");
        assertEquals(List.of(), result.unusedOfferIds());
        Resources used = taskResources(result.launches().get(0)).plus(taskResources(result.launches().get(1)));
        assertEquals(Resources.parse("cpus:2;mem:512;disk:80"), used);
        assertTrue(offer.resources().contains(used));
    }

    @Test
    void severalAppsShareOneOffer() {
        OfferView offer = offer("o1", "a1", "h1", "cpus:3;mem:1024", "");
        MatchResult result = matcher("*").match(List.of(offer),
                List.of(app("/a").cpus(2).pending(1), app("/b").cpus(1).pending(1), app("/c").cpus(1).pending(1)),
                List.of());

        assertEquals(List.of("/a", "/b"), result.launches().stream().map(l -> l.app().id()).toList());
        assertTrue(result.launches().stream().allMatch(l -> l.offerId().equals("o1")));
    }

    @Test
    void unusedOffersAreReturnedForDecline() {
        MatchResult result = matcher("*").match(
                List.of(offer("small", "a1", "h1", "cpus:0.5;mem:1024", ""), offer("big", "a2", "h2", "cpus:4;mem:1024", "")),
                List.of(app("/web").pending(1)), List.of());

        assertEquals(List.of("big"), result.launches().stream().map(Launch::offerId).toList());
        assertEquals(List.of("small"), result.unusedOfferIds());
    }

    @Test
    void noPendingWorkLeavesAllOffersUnused() {
        MatchResult result = matcher("*").match(List.of(offer("o1", "a1", "h1", "cpus:4;mem:1024", "")),
                List.of(app("/web").pending(0)), List.of());

        assertEquals(List.of(), result.launches());
        assertEquals(List.of("o1"), result.unusedOfferIds());
    }

    @Test
    void defaultRolesUseOnlyUnreservedAndPublicAppsOnlyPublicResources() {
        OfferView publicAgent = offer("pub", "a1", "public-1",
                "cpus(slave_public):4;mem(slave_public):1024;ports(slave_public):[80-80,443-443]", "");
        OfferView privateAgent = offer("priv", "a2", "private-1", "cpus:4;mem:1024;ports:[31000-31010]", "");

        MatchResult result = matcher("*").match(List.of(publicAgent, privateAgent), List.of(
                app("/internal").pending(1),
                app("/edge").roles("slave_public").ports(port(80, "http")).requirePorts().pending(1)), List.of());

        Launch internal = result.launches().stream().filter(l -> l.app().id().equals("/internal")).findFirst().orElseThrow();
        Launch edge = result.launches().stream().filter(l -> l.app().id().equals("/edge")).findFirst().orElseThrow();
        assertEquals("priv", internal.offerId());
        assertEquals("pub", edge.offerId());
        assertEquals(Resources.parse("cpus(slave_public):1;mem(slave_public):128;ports(slave_public):[80-80]"),
                taskResources(edge));
        assertEquals(Resources.parse("cpus:1;mem:128"), taskResources(internal));
    }

    @Test
    void anAppWithDefaultRolesIsNotPlacedOnAPublicAgent() {
        OfferView publicAgent = offer("pub", "a1", "public-1", "cpus(slave_public):4;mem(slave_public):1024", "");
        MatchResult result = matcher("*").match(List.of(publicAgent), List.of(app("/internal").pending(1)), List.of());

        assertEquals(List.of(), result.launches());
        assertEquals(List.of("pub"), result.unusedOfferIds());
    }

    @Test
    void anAppAcceptingBothRolesTakesReservedResourcesFirst() {
        OfferView mixed = offer("o1", "a1", "h1", "cpus:1;cpus(slave_public):0.5;mem:1024", "");
        MatchResult result = matcher("*").match(List.of(mixed),
                List.of(app("/both").roles("*", "slave_public").cpus(1).pending(1)), List.of());

        assertEquals(Resources.parse("cpus(slave_public):0.5;cpus:0.5;mem:128"), taskResources(result.launches().get(0)));
    }

    @Test
    void taskResourcesCarryTheOffersReservationAndAllocationShape() {
        String resources = "cpus(slave_public):2;mem(slave_public):512;cpus:1;mem:256";
        OfferView refined = OfferView.of(offerProto("o1", "a1", "h1", resources, "", "slave_public", true));
        OfferView legacy = OfferView.of(offerProto("o2", "a2", "h2", resources, "", null, false));
        OfferMatcher matcher = matcher("slave_public");
        var app = app("/edge").roles("slave_public").cpus(1).mem(128);

        Protos.TaskInfo fromRefined = matcher.match(List.of(refined), List.of(app.pending(1)), List.of())
                .launches().get(0).task();
        Protos.TaskInfo fromLegacy = matcher.match(List.of(legacy), List.of(app.pending(1)), List.of())
                .launches().get(0).task();

        for (Protos.Resource r : fromRefined.getResourcesList()) {
            assertEquals("slave_public", r.getAllocationInfo().getRole());
            assertEquals(1, r.getReservationsCount());
            assertEquals(Protos.Resource.ReservationInfo.Type.STATIC, r.getReservations(0).getType());
            assertEquals("slave_public", r.getReservations(0).getRole());
            assertFalse(r.hasRole());
        }
        for (Protos.Resource r : fromLegacy.getResourcesList()) {
            assertEquals("slave_public", legacyRole(r));
            assertEquals(0, r.getReservationsCount());
            assertEquals("slave_public", r.getAllocationInfo().getRole(), "the framework role fills the gap");
        }
        assertEquals(2, fromRefined.getResourcesCount());
    }

    @SuppressWarnings("deprecation")
    private static String legacyRole(Protos.Resource r) {
        return r.getRole();
    }

    @Test
    void aHandMadeOfferViewGetsRefinedReservationsAndTheFrameworkRole() {
        OfferView view = new OfferView("o1", "a1", "h1", Resources.parse("cpus(slave_public):2;mem:512"),
                Attributes.empty());
        Protos.TaskInfo task = matcher("slave_public").match(List.of(view),
                List.of(app("/x").roles("slave_public", "*").pending(1)), List.of()).launches().get(0).task();

        Protos.Resource cpus = task.getResources(0);
        assertEquals("cpus", cpus.getName());
        assertEquals("slave_public", cpus.getReservations(0).getRole());
        assertEquals("slave_public", cpus.getAllocationInfo().getRole());
        Protos.Resource mem = task.getResources(1);
        assertEquals(0, mem.getReservationsCount());
        assertEquals("slave_public", mem.getAllocationInfo().getRole());
    }

    @Test
    void requirePortsTakesTheDefinedPortsOrNothing() {
        OfferView offer = offer("o1", "a1", "h1", "cpus:4;mem:1024;ports:[31000-31005]", "");
        OfferMatcher matcher = matcher("*");

        MatchResult fits = matcher.match(List.of(offer),
                List.of(app("/web").ports(port(31002, null), port(31004, null)).requirePorts().pending(2)), List.of());
        assertEquals(1, fits.launches().size(), "the second task would need the same ports");
        assertEquals(List.of(31002, 31004), fits.launches().get(0).hostPorts());
        assertEquals(Resources.parse("cpus:1;mem:128;ports:[31002-31002,31004-31004]"),
                taskResources(fits.launches().get(0)));

        MatchResult missing = matcher.match(List.of(offer),
                List.of(app("/web").ports(port(8080, null)).requirePorts().pending(1)), List.of());
        assertEquals(List.of(), missing.launches());
    }

    @Test
    void dynamicPortsAreTheLowestFreeOnesAndNeverShared() {
        OfferView offer = offer("o1", "a1", "h1", "cpus:4;mem:1024;ports:[31000-31001,31005-31006,32000-32000]", "");
        MatchResult result = matcher("*").match(List.of(offer),
                List.of(app("/web").ports(port(10000, null), port(10001, null)).pending(3)), List.of());

        assertEquals(2, result.launches().size(), "five ports hold two tasks of two ports");
        assertEquals(List.of(31000, 31001), result.launches().get(0).hostPorts());
        assertEquals(List.of(31005, 31006), result.launches().get(1).hostPorts());
    }

    @Test
    void taskEnvironmentHasMarathonsNamesAndTheAppsOwnWins() {
        OfferView offer = offer("o1", "a1", "node-1.example", "cpus:4;mem:1024;disk:100;ports:[31000-31010]", "");
        var app = app("/prod/web").cpus(0.5).mem(64).disk(10)
                .ports(port(10000, "http"), port(10001, null), port(0, "admin-api"))
                .labels(Map.of("owner", "team-a", "lb.vhost", "web.example"))
                .env(Map.of("FOO", "bar", "HOST", "override"));

        Launch launch = matcher("*").match(List.of(offer), List.of(app.pending(1)), List.of()).launches().get(0);
        Map<String, String> env = env(launch.task());

        assertEquals(launch.taskId(), env.get("MESOS_TASK_ID"));
        assertEquals("/prod/web", env.get("MARATHON_APP_ID"));
        assertEquals("2024-01-01T00:00:00.000Z", env.get("MARATHON_APP_VERSION"));
        assertEquals("0.5", env.get("MARATHON_APP_RESOURCE_CPUS"));
        assertEquals("64.0", env.get("MARATHON_APP_RESOURCE_MEM"));
        assertEquals("10.0", env.get("MARATHON_APP_RESOURCE_DISK"));
        assertEquals("0", env.get("MARATHON_APP_RESOURCE_GPUS"));
        assertEquals("LB_VHOST OWNER", env.get("MARATHON_APP_LABELS"));
        assertEquals("team-a", env.get("MARATHON_APP_LABEL_OWNER"));
        assertEquals("web.example", env.get("MARATHON_APP_LABEL_LB_VHOST"));
        assertEquals("override", env.get("HOST"), "the app's own variable wins");
        assertEquals("bar", env.get("FOO"));
        assertEquals("31000", env.get("PORT"));
        assertEquals("31000", env.get("PORT0"));
        assertEquals("31001", env.get("PORT1"));
        assertEquals("31002", env.get("PORT2"));
        assertEquals("31000,31001,31002", env.get("PORTS"));
        assertEquals("31000", env.get("PORT_10000"));
        assertEquals("31001", env.get("PORT_10001"));
        assertFalse(env.containsKey("PORT_0"), "a zero service port is not named");
        assertEquals("31000", env.get("PORT_HTTP"));
        assertEquals("31002", env.get("PORT_ADMIN_API"));
        assertEquals(List.of(31000, 31001, 31002), launch.hostPorts());
    }

    @Test
    void hostIsTheOffersHostnameAndNoPortsMeansNoPortVariables() {
        Launch launch = matcher("*").match(List.of(offer("o1", "a1", "node-2", "cpus:4;mem:1024", "")),
                List.of(app("/worker").pending(1)), List.of()).launches().get(0);
        Map<String, String> env = env(launch.task());

        assertEquals("node-2", env.get("HOST"));
        assertFalse(env.containsKey("PORT"));
        assertFalse(env.containsKey("PORTS"));
        assertEquals("", env.get("MARATHON_APP_LABELS"));
    }

    @Test
    void taskIdNameCommandLabelsAndDiscovery() {
        UUID uuid = UUID.fromString("3f2a0000-0000-0000-0000-000000000001");
        OfferMatcher matcher = new OfferMatcher(n -> Optional.empty(), List.of("*"), "*", () -> uuid);
        var app = app("/prod/web").args("/bin/server", "--port", "8080").user("nobody").killGrace(7)
                .labels(Map.of("tier", "front"))
                .ports(new PortDefinition(10000, "udp,tcp", "dns", Map.of("VIP_0", "/dns:53")));

        Launch launch = matcher.match(List.of(offer("o1", "agent-7", "h1", "cpus:4;mem:1024;ports:[31000-31000]", "")),
                List.of(app.pending(1)), List.of()).launches().get(0);
        Protos.TaskInfo task = launch.task();

        assertEquals("prod_web.3f2a0000-0000-0000-0000-000000000001", launch.taskId());
        assertEquals(launch.taskId(), task.getTaskId().getValue());
        assertEquals("agent-7", task.getAgentId().getValue());
        assertEquals("web.prod", task.getName());
        assertFalse(task.getCommand().getShell());
        assertEquals("/bin/server", task.getCommand().getValue());
        assertEquals(List.of("/bin/server", "--port", "8080"), task.getCommand().getArgumentsList());
        assertEquals("nobody", task.getCommand().getUser());
        assertEquals(7_000_000_000L, task.getKillPolicy().getGracePeriod().getNanoseconds());
        assertEquals("tier", task.getLabels().getLabels(0).getKey());
        assertEquals("front", task.getLabels().getLabels(0).getValue());
        Protos.DiscoveryInfo discovery = task.getDiscovery();
        assertEquals(Protos.DiscoveryInfo.Visibility.FRAMEWORK, discovery.getVisibility());
        assertEquals("web.prod", discovery.getName());
        assertEquals(2, discovery.getPorts().getPortsCount(), "one discovery port per protocol");
        Protos.Port udp = discovery.getPorts().getPorts(0);
        assertEquals(31000, udp.getNumber());
        assertEquals("udp", udp.getProtocol());
        assertEquals("dns", udp.getName());
        assertEquals("VIP_0", udp.getLabels().getLabels(0).getKey());
        assertEquals("tcp", discovery.getPorts().getPorts(1).getProtocol());
    }

    @Test
    void shellCommandsAndNoKillPolicyByDefault() {
        Protos.TaskInfo task = matcher("*").match(List.of(offer("o1", "a1", "h1", "cpus:4;mem:1024", "")),
                List.of(app("/web").cmd("python3 -m http.server $PORT0").pending(1)), List.of())
                .launches().get(0).task();

        assertTrue(task.getCommand().getShell());
        assertEquals("python3 -m http.server $PORT0", task.getCommand().getValue());
        assertEquals(0, task.getCommand().getArgumentsCount());
        assertFalse(task.hasKillPolicy());
        assertFalse(task.hasHealthCheck());
        assertFalse(task.hasLabels());
    }

    @Test
    void fetchUrisBecomeCommandUris() {
        var app = app("/web").fetch(new FetchUri("https://example.com/app.tgz", true, false, true, null),
                new FetchUri("https://example.com/run.sh", false, true, false, "bin/run.sh"));
        Protos.CommandInfo command = matcher("*").match(List.of(offer("o1", "a1", "h1", "cpus:4;mem:1024", "")),
                List.of(app.pending(1)), List.of()).launches().get(0).task().getCommand();

        assertEquals(2, command.getUrisCount());
        Protos.CommandInfo.URI archive = command.getUris(0);
        assertEquals("https://example.com/app.tgz", archive.getValue());
        assertTrue(archive.getExtract());
        assertFalse(archive.getExecutable());
        assertTrue(archive.getCache());
        assertFalse(archive.hasOutputFile());
        Protos.CommandInfo.URI script = command.getUris(1);
        assertFalse(script.getExtract());
        assertTrue(script.getExecutable());
        assertFalse(script.getCache());
        assertEquals("bin/run.sh", script.getOutputFile());
    }

    @Test
    void theFirstAgentSideHealthCheckGoesIntoTheTask() {
        var app = app("/web").ports(port(10000, null), port(10001, null)).healthChecks(
                check("HTTP", "/health", 0, null, null),
                check("MESOS_HTTP", "/ready", 1, null, null),
                check("MESOS_TCP", null, 0, null, null));
        Protos.TaskInfo task = matcher("*").match(
                List.of(offer("o1", "a1", "h1", "cpus:4;mem:1024;ports:[31000-31010]", "")),
                List.of(app.pending(1)), List.of()).launches().get(0).task();

        Protos.HealthCheck check = task.getHealthCheck();
        assertEquals(Protos.HealthCheck.Type.HTTP, check.getType());
        assertEquals("http", check.getHttp().getScheme());
        assertEquals(31001, check.getHttp().getPort(), "the host port at portIndex 1");
        assertEquals("/ready", check.getHttp().getPath());
        assertEquals(15, check.getDelaySeconds());
        assertEquals(60, check.getIntervalSeconds());
        assertEquals(20, check.getTimeoutSeconds());
        assertEquals(3, check.getConsecutiveFailures());
        assertEquals(300, check.getGracePeriodSeconds());
    }

    @Test
    void httpsTcpAndCommandChecks() {
        List<Integer> ports = List.of(31000, 31001);
        Protos.HealthCheck https = TaskInfos.healthCheck(check("MESOS_HTTPS", "/", null, null, null), ports).orElseThrow();
        assertEquals("https", https.getHttp().getScheme());
        assertEquals(31000, https.getHttp().getPort());

        Protos.HealthCheck tcp = TaskInfos.healthCheck(check("MESOS_TCP", null, null, 9000, null), ports).orElseThrow();
        assertEquals(Protos.HealthCheck.Type.TCP, tcp.getType());
        assertEquals(9000, tcp.getTcp().getPort(), "an explicit port wins over portIndex");

        Protos.HealthCheck command = TaskInfos.healthCheck(
                check("COMMAND", null, null, null, new HealthCheck.Command("curl -f localhost:$PORT0")), ports)
                .orElseThrow();
        assertEquals(Protos.HealthCheck.Type.COMMAND, command.getType());
        assertEquals("curl -f localhost:$PORT0", command.getCommand().getValue());

        assertTrue(TaskInfos.healthCheck(check("MESOS_TCP", null, 5, null, null), ports).isEmpty(),
                "a port index beyond the task's ports cannot be checked");
    }

    @Test
    void appsTakeTurnsSoABigAppDoesNotStarveOthers() {
        OfferView offer = offer("o1", "a1", "h1", "cpus:4;mem:4096", "");
        MatchResult result = matcher("*").match(List.of(offer),
                List.of(app("/big").pending(100), app("/small").pending(2)), List.of());

        assertEquals(List.of("/big", "/small", "/big", "/small"),
                result.launches().stream().map(l -> l.app().id()).toList());
    }

    @Test
    void taskIdsAndNamesFollowMarathon() {
        UUID uuid = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        assertEquals("web.00000000-0000-0000-0000-00000000000a", OfferMatcher.taskId("/web", uuid));
        assertEquals("a_b_c." + uuid, OfferMatcher.taskId("/a/b/c", uuid));
        assertEquals("c.b.a", TaskInfos.taskName("/a/b/c"));
        assertEquals("web", TaskInfos.taskName("/web"));
    }
}
