package io.plinth.master;

import io.plinth.allocator.api.AllocatorSettings;
import io.plinth.allocator.api.Allocators;
import io.plinth.coordination.api.ClusterSingleton;
import io.plinth.coordination.api.StateStore;
import io.plinth.master.core.Master;
import io.plinth.master.core.MasterSettings;
import io.plinth.mesos.api.ResourceManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource manager's leader-only work, as a cluster singleton of the {@code mesos} group: while
 * this node leads, a {@link RunningMaster} recovers the registry, runs the allocator and the timers,
 * serves the scheduler API and the agent link, and is published as the {@link ResourceManager}
 * service. Standing in this group is also what makes a node a master candidate.
 */
@Component(service = {ClusterSingleton.class, MasterAccess.class},
        property = ClusterSingleton.GROUP + "=mesos", configurationPid = MasterConfig.PID)
@Designate(ocd = MasterConfig.class)
public class ResourceManagerLeader implements ClusterSingleton, MasterAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerLeader.class);
    static final String VERSION = "1.11.0";

    private final MasterConfig config;
    private final StateStore store;
    private final BundleContext context;
    private final long startTimeMillis = System.currentTimeMillis();
    private volatile RunningMaster current;
    private ScheduledExecutorService thread;
    private ZkRegistry registry;
    private ServiceRegistration<ResourceManager> registration;

    @Activate
    public ResourceManagerLeader(MasterConfig config, @Reference StateStore store, BundleContext context) {
        this.config = config;
        this.store = store;
        this.context = context;
    }

    @Override
    public synchronized void start() {
        MasterSettings settings = new MasterSettings(Duration.ofSeconds(config.agentPingTimeoutSeconds()),
                config.maxAgentPingTimeouts(), Duration.ofSeconds(config.agentReregisterTimeoutSeconds()),
                Duration.ofSeconds(config.offerTimeoutSeconds()), Duration.ofSeconds(config.frameworkHeartbeatSeconds()),
                Duration.ofSeconds(5), 1000);
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "plinth-master"));
        Clock clock = Clock.systemUTC();
        registry = new ZkRegistry(store);
        Master master = new Master(settings, clock, masterInfo(), registry,
                callback -> Allocators.drf(clock, AllocatorSettings.defaults(), callback));
        RunningMaster running = new RunningMaster(master, thread, startTimeMillis);
        running.call(m -> {
            m.recover();
            return null;
        });
        long allocation = Math.max(10, config.allocationIntervalMillis());
        thread.scheduleWithFixedDelay(() -> running.tell(Master::allocate), allocation, allocation, TimeUnit.MILLISECONDS);
        long ping = settings.agentPingTimeout().toMillis();
        thread.scheduleWithFixedDelay(() -> running.tell(Master::pingAgents), ping, ping, TimeUnit.MILLISECONDS);
        long heartbeat = settings.frameworkHeartbeat().toMillis();
        thread.scheduleWithFixedDelay(() -> running.tell(Master::heartbeat), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> running.tell(Master::checkDeadlines), 1, 1, TimeUnit.SECONDS);
        current = running;
        registration = context.registerService(ResourceManager.class, running, new Hashtable<>());
        LOG.info("This node is now the leading master {}", running.masterInfo().getId());
    }

    @Override
    public synchronized void stop() {
        RunningMaster running = current;
        current = null;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
        if (running != null) {
            try {
                running.call(m -> {
                    m.close();
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("Closing the master's streams failed", e);
            }
        }
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (running != null) {
            LOG.info("This node is no longer the leading master");
        }
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    public Optional<RunningMaster> current() {
        return Optional.ofNullable(current);
    }

    private MasterInfo masterInfo() {
        String hostname = config.hostname().isBlank() ? config.advertiseIp() : config.hostname();
        return MasterInfo.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setIp(ipAsMesosInt(config.advertiseIp()))
                .setPort(config.httpPort())
                .setPid("master@" + config.advertiseIp() + ":" + config.httpPort())
                .setHostname(hostname)
                .setVersion(VERSION)
                .setAddress(Address.newBuilder().setHostname(hostname).setIp(config.advertiseIp()).setPort(config.httpPort()))
                .build();
    }

    /** Mesos' MasterInfo.ip: the IPv4 address as a uint32 in network byte order read as little-endian. */
    private static int ipAsMesosInt(String ip) {
        try {
            byte[] bytes = InetAddress.getByName(ip).getAddress();
            return bytes.length == 4 ? ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt() : 0;
        } catch (UnknownHostException e) {
            return 0;
        }
    }
}
