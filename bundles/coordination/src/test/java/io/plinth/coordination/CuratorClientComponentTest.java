package io.plinth.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.plinth.coordination.zk.TestZooKeeper;

/** The client component without a framework: a bundle context that records the registration. */
class CuratorClientComponentTest {

    private final AtomicReference<Object> registered = new AtomicReference<>();
    private final AtomicReference<Dictionary<?, ?>> properties = new AtomicReference<>();
    private final AtomicInteger unregistrations = new AtomicInteger();
    private TestZooKeeper zk;

    @AfterEach
    void closeAll() throws Exception {
        zk.close();
    }

    @Test
    void registersAClientThatConsumersCannotCloseAndClosesItOnDeactivation() throws Exception {
        zk = TestZooKeeper.started();
        CuratorClientComponent component = new CuratorClientComponent(context(), config(zk.connectString()));
        zk.closeLater(component::close);

        CuratorFramework client = (CuratorFramework) registered.get();
        assertNotNull(client);
        assertEquals("/plinth", properties.get().get(CuratorClientComponent.BASE_PATH_PROPERTY));
        await().until(() -> client.getZookeeperClient().isConnected());
        assertThrows(UnsupportedOperationException.class, client::close);

        component.close();
        component.close(); // safe twice

        assertEquals(1, unregistrations.get());
        assertEquals(CuratorFrameworkState.STOPPED, client.getState());
    }

    @Test
    void activationDoesNotWaitForZooKeeper() throws Exception {
        zk = TestZooKeeper.notStarted();
        long started = System.nanoTime();
        CuratorClientComponent component = new CuratorClientComponent(context(), config(zk.connectString()));
        zk.closeLater(component::close);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2_000, "activation returned at once");
        CuratorFramework client = (CuratorFramework) registered.get();
        assertFalse(client.getZookeeperClient().isConnected());

        zk.server().start();

        await().atMost(Duration.ofSeconds(15)).until(() -> client.getZookeeperClient().isConnected());
    }

    private BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        if (unregistrations.incrementAndGet() > 1) {
                            throw new IllegalStateException("already unregistered");
                        }
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == CuratorFramework.class) {
                        registered.set(args[1]);
                        properties.set((Dictionary<?, ?>) args[2]);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The configuration with its defaults, but this connect string and short timeouts. */
    private CoordinationConfig config(String connectString) {
        Map<String, Object> values = Map.of("connectString", connectString,
                "sessionTimeoutMs", TestZooKeeper.SESSION_TIMEOUT_MS,
                "connectionTimeoutMs", TestZooKeeper.CONNECTION_TIMEOUT_MS);
        return (CoordinationConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CoordinationConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }
}
