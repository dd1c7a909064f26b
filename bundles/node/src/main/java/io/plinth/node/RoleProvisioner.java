package io.plinth.node;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node what its configuration says: installs the role features it lacks and removes the
 * role features it no longer plays. Installing happens off the activation thread, because a
 * feature install can refresh bundles and must not wait on Declarative Services.
 */
@Component(immediate = true, configurationPid = "io.plinth.node", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NodeConfig.class)
public class RoleProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(RoleProvisioner.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "plinth-role-provisioner"));

    @Activate
    public RoleProvisioner(@Reference FeaturesService features, NodeConfig config) {
        worker.execute(() -> provision(features, config.roles()));
    }

    private static void provision(FeaturesService features, String roles) {
        Set<String> wanted;
        try {
            wanted = NodeRoles.featuresFor(roles);
        } catch (IllegalArgumentException e) {
            LOG.error("Node not provisioned: {}", e.getMessage());
            return;
        }
        try {
            Set<String> required = Arrays.stream(features.listRequiredFeatures())
                    .map(Feature::getName)
                    .collect(Collectors.toSet());
            Set<String> missing = new LinkedHashSet<>(wanted);
            missing.removeAll(required);
            Set<String> extra = NodeRoles.toRemove(required, wanted);
            if (!extra.isEmpty()) {
                LOG.info("Node roles '{}': removing {}", roles, extra);
                features.uninstallFeatures(extra, EnumSet.noneOf(FeaturesService.Option.class));
            }
            if (!missing.isEmpty()) {
                LOG.info("Node roles '{}': installing {}", roles, missing);
                features.installFeatures(missing, EnumSet.noneOf(FeaturesService.Option.class));
            }
            LOG.info("Node roles '{}' provisioned: {}", roles, wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Provisioning node roles '{}' failed", roles, e);
        }
    }

    @Deactivate
    void close() {
        worker.shutdownNow();
    }
}
