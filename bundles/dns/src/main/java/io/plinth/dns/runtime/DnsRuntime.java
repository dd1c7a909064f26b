package io.plinth.dns.runtime;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.dns.api.DnsAnswer;
import io.plinth.dns.api.DnsRecord;
import io.plinth.dns.api.DnsService;
import io.plinth.dns.api.DnsStatus;
import io.plinth.dns.core.RecordGenerator;
import io.plinth.dns.core.Records;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.feed.OperatorFeed;
import io.plinth.dns.feed.StateTracker;
import io.plinth.dns.http.DnsHttpApi;
import io.plinth.dns.http.DnsHttpServer;
import io.plinth.dns.http.DnsRoutes;
import io.plinth.dns.server.Answerer;
import io.plinth.dns.server.DnsServer;
import io.plinth.dns.server.ResolverUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS server of a master node: follows the leading master's operator event stream
 * ({@link OperatorFeed}), turns each new cluster state into a records snapshot
 * ({@link RecordGenerator}) swapped in atomically, and serves it over UDP and TCP ({@link DnsServer})
 * and Mesos-DNS' HTTP API ({@link DnsHttpServer}). Runs on every master, leading or not: each follows
 * the leader, so any master answers.
 */
@Component(service = {DnsService.class, DnsRuntime.class}, configurationPid = DnsSettings.PID)
@Designate(ocd = DnsSettings.class)
public final class DnsRuntime implements DnsService {

    private static final Logger LOG = LoggerFactory.getLogger(DnsRuntime.class);

    private final DnsConfig config;
    private final Clock clock;
    private final RecordGenerator generator = new RecordGenerator();
    private final AtomicReference<Records> records = new AtomicReference<>(Records.empty());
    private final AtomicReference<ClusterState> state = new AtomicReference<>(ClusterState.empty());
    private final Answerer answerer;
    private final DnsServer server;
    private final DnsRoutes routes;
    private final DnsHttpServer http;
    private final OperatorFeed feed;
    private final AtomicBoolean closed = new AtomicBoolean();

    @Activate
    public DnsRuntime(BundleContext context, DnsSettings settings, @Reference LeaderDetector detector)
            throws IOException {
        this(Settings.config(settings), Settings.masters(settings), detector, Clock.systemUTC(),
                context.getBundle().getVersion().toString());
    }

    /** Binds the DNS and HTTP ports and starts following the leader; closes what it opened if that fails. */
    DnsRuntime(DnsConfig config, List<Master> masters, LeaderDetector detector, Clock clock,
               String version) throws IOException {
        this.config = config;
        this.clock = clock;
        answerer = new Answerer(config, records::get, new ResolverUpstream(config.resolvers(), config.timeout()),
                new Random());
        server = new DnsServer(config, answerer);
        routes = new DnsRoutes(new DnsHttpApi(config, version, "docs/dns.md"), records::get, state::get);
        http = new DnsHttpServer(config.listener(), config.httpPort(), routes);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        feed = new OperatorFeed(detector, client, clock, new StateTracker(masters, StateTracker::resolveIpv4),
                this::stateChanged, OperatorFeed.Settings.defaults());
        try {
            server.start();
            http.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        feed.start();
        LOG.info("DNS for {} serving on {} udp {} tcp {}, HTTP API on port {}", config.domain(), config.listener(),
                server.udpPort(), server.tcpPort(), http.port());
    }

    /** On the feed's thread: the new state's records replace the old at once. */
    private void stateChanged(ClusterState next) {
        Records previous = records.get();
        Records generated = generator.generate(next, config, nextSerial(previous.serial()));
        state.set(next);
        records.set(generated);
    }

    /** Mesos-DNS' serial: the time in seconds, but always moving forward, within 32 bits. */
    private long nextSerial(long previous) {
        long now = clock.instant().getEpochSecond() & 0xffffffffL;
        return Math.max(now, (previous + 1) & 0xffffffffL);
    }

    @Override
    public DnsAnswer lookup(String name, String type) {
        return Answers.lookup(answerer, name, type, InetAddress.getLoopbackAddress());
    }

    @Override
    public List<DnsRecord> records() {
        return Answers.records(records.get(), config.ttl());
    }

    @Override
    public DnsStatus status() {
        Records current = records.get();
        DnsServer.Stats stats = server.stats();
        return new DnsStatus(config.domain(), server.udpPort(), server.tcpPort(), http.port(), current.serial(),
                current.nameCount(), current.recordCount(),
                state.get().leader().map(m -> m.ip() + ":" + m.port()), stats.queries(), stats.answersByRcode());
    }

    /** The HTTP routes, for the admin port's {@code /mesos_dns} resource. */
    public DnsRoutes routes() {
        return routes;
    }

    @Deactivate
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        feed.close();
        http.close();
        server.close();
    }
}
