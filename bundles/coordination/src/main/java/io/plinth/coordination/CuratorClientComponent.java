package io.plinth.coordination;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plinth.coordination.zk.ClientSettings;
import io.plinth.coordination.zk.ZnodeLayout;

/**
 * The node's one ZooKeeper client, shared as a {@link CuratorFramework} service by every bundle.
 *
 * <p>Registered through the bundle context because the service object is Curator's client, not this
 * component. What is registered is a facade ({@code usingNamespace(null)}) whose {@code close()} and
 * {@code start()} throw: no consumer can close the client for all.
 *
 * <p>Paths are not namespaced: consumers write full paths below the base path (published as the
 * service property {@value #BASE_PATH_PROPERTY}). A Curator namespace would hide the prefix from log
 * messages and error answers, and its first use blocks in Curator's retry loop until ZooKeeper answers
 * (even for background operations), which with a retry-forever policy can hang a component's activation.
 */
@Component(immediate = true, service = {}, configurationPid = CoordinationConfig.PID)
@Designate(ocd = CoordinationConfig.class)
public final class CuratorClientComponent {

    /** Service property holding the base path, and the filter Plinth's components select the client by. */
    public static final String BASE_PATH_PROPERTY = "plinth.coordination.basePath";
    /** Target filter for references to this client. */
    public static final String TARGET = "(" + BASE_PATH_PROPERTY + "=*)";

    private static final Logger LOG = LoggerFactory.getLogger(CuratorClientComponent.class);

    private final CuratorFramework client;
    private final AtomicReference<ServiceRegistration<CuratorFramework>> registration = new AtomicReference<>();

    /**
     * Starts the client and registers it. Does not wait for ZooKeeper: the client connects in the
     * background, for as long as it takes.
     */
    @Activate
    public CuratorClientComponent(BundleContext context, CoordinationConfig config) {
        ClientSettings settings = new ClientSettings(config.connectString(), config.sessionTimeoutMs(), config.connectionTimeoutMs());
        ZnodeLayout layout = new ZnodeLayout(config.basePath());
        client = settings.newClient();
        ConnectionStateListener logger = (c, state) ->
                LOG.info("ZooKeeper connection to {}: {}", settings.connectString(), state);
        client.getConnectionStateListenable().addListener(logger);
        client.start();
        LOG.info("Connecting to ZooKeeper at {} (session timeout {} ms), base path {}",
                settings.connectString(), settings.sessionTimeoutMs(), layout);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(BASE_PATH_PROPERTY, layout.toString());
        registration.set(context.registerService(CuratorFramework.class, client.usingNamespace(null), properties));
    }

    /** Unregisters the client, so its users let go of it, then closes it. Safe to call twice. */
    @Deactivate
    public void close() {
        ServiceRegistration<CuratorFramework> registered = registration.getAndSet(null);
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when the bundle stopped
            }
        }
        client.close(); // a no-op the second time
    }
}
