package io.plinth.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.BundleContext;
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
 * role features an earlier start provisioned but the node no longer plays. Features installed by
 * hand ({@code feature:install}) are left alone. Installing happens off the activation thread,
 * because a feature install must not wait on Declarative Services.
 *
 * <p>Installs never refresh running bundles ({@code NoAutoRefreshBundles}): a new bundle that only
 * satisfies an optional import elsewhere (Curator's jsr305 and the shell's jline, for one) would
 * otherwise restart the shell, SCR and everything wired to them in the middle of boot.
 */
@Component(immediate = true, configurationPid = "io.plinth.node", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NodeConfig.class)
public class RoleProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(RoleProvisioner.class);
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "plinth-role-provisioner"));

    /**
     * {@code BootFinished} is registered once Karaf has loaded its features repositories and installed
     * the boot features; before that the role features may not be known yet.
     */
    @Activate
    public RoleProvisioner(@Reference FeaturesService features, @Reference BootFinished bootFinished,
            NodeConfig config, BundleContext context) {
        Path record = context.getDataFile("provisioned-role-features").toPath();
        worker.execute(() -> provision(features, config.roles(), record));
    }

    private static void provision(FeaturesService features, String roles, Path record) {
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
            Set<String> extra = NodeRoles.toRemove(read(record), wanted);
            extra.retainAll(required);
            if (!extra.isEmpty()) {
                LOG.info("Node roles '{}': removing {}", roles, extra);
                features.uninstallFeatures(extra, NO_REFRESH);
            }
            Set<String> missing = new LinkedHashSet<>(wanted);
            missing.removeAll(required);
            if (!missing.isEmpty()) {
                LOG.info("Node roles '{}': installing {}", roles, missing);
                features.installFeatures(missing, NO_REFRESH);
            }
            Files.write(record, wanted);
            LOG.info("Node roles '{}' provisioned: {}", roles, wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Provisioning node roles '{}' failed", roles, e);
        }
    }

    private static Set<String> read(Path record) throws IOException {
        return Files.exists(record) ? new LinkedHashSet<>(Files.readAllLines(record)) : Set.of();
    }

    @Deactivate
    void close() {
        worker.shutdownNow();
    }
}
