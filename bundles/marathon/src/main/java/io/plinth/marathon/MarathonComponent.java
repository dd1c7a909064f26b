package io.plinth.marathon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.ClusterSingleton;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.StateStore;
import io.plinth.marathon.api.ConstraintOperator;
import io.plinth.marathon.api.EventStream;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.match.constraints.BuiltInOperators;
import io.plinth.marathon.runtime.LeaderSettings;
import io.plinth.marathon.runtime.MarathonLeader;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this master a candidate of the init scheduler's election (group {@value Marathon#GROUP}): it
 * registers a {@link MarathonLeader} as a cluster singleton, which runs the scheduler while this node
 * leads. Constraint operators are a whiteboard: the built-in ones plus every registered
 * {@link ConstraintOperator} service (by its {@value ConstraintOperator#NAME} property).
 *
 * <p>Abdicating ({@code DELETE /v2/leader}) withdraws the singleton, which leaves the election so
 * another master takes over, and stands again a moment later.
 */
@Component(immediate = true, configurationPid = MarathonConfig.PID)
@Designate(ocd = MarathonConfig.class)
public final class MarathonComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MarathonComponent.class);
    private static final Duration STAND_AGAIN = Duration.ofSeconds(3);

    private final BundleContext context;
    private final MarathonLeader leader;
    private final Map<String, ConstraintOperator> extraOperators = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private ServiceRegistration<ClusterSingleton> registration;
    private boolean closed;

    @Activate
    public MarathonComponent(MarathonConfig config, @Reference StateStore store, @Reference LeaderDetector detector,
                             @Reference EventStream events, BundleContext context) {
        this.context = context;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plinth-marathon-timer");
            t.setDaemon(true);
            return t;
        });
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Map<String, ConstraintOperator> builtIn = BuiltInOperators.all();
        LeaderSettings settings = new LeaderSettings(config.frameworkName(), config.mesosRole(),
                roles(config.defaultAcceptedResourceRoles()),
                config.mesosUser().isBlank() ? System.getProperty("user.name", "root") : config.mesosUser(),
                config.failoverTimeoutSeconds(), config.maxVersions(), config.servicePortsFrom(), config.servicePortsTo(),
                "http://" + config.advertiseIp() + ":" + config.httpPort());
        this.leader = new MarathonLeader(settings, store, detector, events, mapper,
                name -> Optional.ofNullable(extraOperators.get(name)).or(() -> Optional.ofNullable(builtIn.get(name))),
                context, this::abdicate);
        stand();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOperator(ConstraintOperator operator, Map<String, Object> properties) {
        Object name = properties.get(ConstraintOperator.NAME);
        if (name != null) {
            extraOperators.put(name.toString().toUpperCase(java.util.Locale.ROOT), operator);
        }
    }

    void removeOperator(ConstraintOperator operator, Map<String, Object> properties) {
        extraOperators.values().removeIf(o -> o == operator);
    }

    private synchronized void stand() {
        if (closed || registration != null) {
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ClusterSingleton.GROUP, Marathon.GROUP);
        registration = context.registerService(ClusterSingleton.class, leader, properties);
    }

    private synchronized void abdicate() {
        if (registration == null) {
            return;
        }
        LOG.info("The init scheduler abdicates: another master may lead; this one stands again in {} s", STAND_AGAIN.toSeconds());
        unregister();
        timer.schedule(this::stand, STAND_AGAIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
            registration = null;
        }
    }

    @Deactivate
    synchronized void close() {
        closed = true;
        unregister();
        leader.stop();
        timer.shutdownNow();
    }

    static List<String> roles(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
