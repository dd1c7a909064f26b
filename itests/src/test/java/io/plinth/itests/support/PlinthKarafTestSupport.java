package io.plinth.itests.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/**
 * Base of every Pax Exam test: boots the built distribution in a fresh Karaf with free ports and the
 * given node role, and offers polling helpers. Subclasses run per class ({@code PerClass}).
 *
 * <p>Ports are chosen in the driver JVM and written into {@code etc/custom.system.properties}, so the
 * container reads them back as system properties ({@link #httpPort()}).
 */
public abstract class PlinthKarafTestSupport {

    protected static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    /** The value of {@code PLINTH_ROLE} for this container; {@code none} boots a bare node. */
    protected String role() {
        return "none";
    }

    @Configuration
    public Option[] config() {
        String distribution = System.getProperty("plinth.distribution");
        String karafVersion = System.getProperty("plinth.karaf.version");
        FreePorts ports = new FreePorts();
        int zkPort = ports.next();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distribution).toURI().toString())
                        .name("plinth")
                        // Pax Exam derives the lib/endorsed --patch-module paths from this version
                        .karafVersion(karafVersion)
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevelOption.LogLevel.INFO),
                systemProperty("plinth.role", role()),
                systemProperty("plinth.http.port", ports.next()),
                systemProperty("plinth.ssh.port", ports.next()),
                systemProperty("plinth.rmi.registry.port", ports.next()),
                systemProperty("plinth.rmi.server.port", ports.next()),
                systemProperty("plinth.dns.port", ports.next()),
                systemProperty("plinth.dns.http.port", ports.next()),
                systemProperty("plinth.zk.port", zkPort),
                systemProperty("plinth.zk", "127.0.0.1:" + zkPort),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("plinth.localRepo"))));
        options.addAll(karafJvmFlags(karafVersion));
        if (Boolean.getBoolean("plinth.itest.keep")) {
            // -Dplinth.itest.keep=true keeps each container's folder (logs!) under target/exam
            options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
        }
        return options.toArray(new Option[0]);
    }

    private static Option systemProperty(String key, Object value) {
        return editConfigurationFilePut("etc/custom.system.properties", key, String.valueOf(value));
    }

    /** What bin/karaf passes on Java 9+; without it every resolve fails on OsgiLocator (spike gotcha 7). */
    private static List<Option> karafJvmFlags(String karafVersion) {
        return List.of(
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"),
                vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                vmOption("--patch-module"),
                vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                vmOption("--add-opens=java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens=java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens=java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens=java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("--add-opens=java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("-Djava.security.manager=allow"),
                // as bin/setenv: the Aries whiteboard embeds a jar Java 17.0.15+ rejects otherwise
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"));
    }

    protected int dnsPort() {
        return Integer.getInteger("plinth.dns.port");
    }

    protected int dnsHttpPort() {
        return Integer.getInteger("plinth.dns.http.port");
    }

    protected int httpPort() {
        return Integer.getInteger("plinth.http.port");
    }

    protected Http http() {
        return new Http(httpPort());
    }

    /** Installs {@code name} (and only what it depends on) and waits until all its bundles are active. */
    protected void installFeatureAlone(String name) throws Exception {
        assertEquals("role features before the install", List.of(), List.of(featuresService.listRequiredFeatures()).stream()
                .map(Feature::getName).filter(n -> n.startsWith("plinth-") && !n.equals("plinth-node"))
                .collect(Collectors.toList()));
        // as plinth-node installs role features: without refreshing running bundles
        featuresService.installFeatures(Set.of(name), EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        assertTrue(name + " installed", featuresService.isInstalled(featuresService.getFeature(name)));
        assertFeatureBundlesActive(name);
    }

    /**
     * Every bundle of the feature, and of the features it includes, is installed and active
     * (fragments resolved); bundles marked {@code dependency="true"} count only when the resolver
     * chose them. And no bundle in the whole container is left unstarted.
     */
    protected void assertFeatureBundlesActive(String name) throws Exception {
        List<BundleInfo> bundles = bundleInfos(featuresService.getFeature(name));
        Await.until("bundles of " + name + " active", BOOT_TIMEOUT, () -> {
            List<String> problems = notActive(bundles);
            for (Bundle bundle : bundleContext.getBundles()) {
                if (!isStarted(bundle)) {
                    problems.add(bundle.getSymbolicName() + " in state " + bundle.getState());
                }
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("not active: " + problems);
            }
            return true;
        });
    }

    private List<BundleInfo> bundleInfos(Feature feature) throws Exception {
        List<BundleInfo> bundles = new ArrayList<>(feature.getBundles());
        for (Dependency dependency : feature.getDependencies()) {
            Feature included = featuresService.getFeature(dependency.getName(), dependency.getVersion());
            if (included != null) {
                bundles.addAll(bundleInfos(included));
            }
        }
        return bundles;
    }

    private List<String> notActive(List<BundleInfo> bundles) {
        List<String> problems = new ArrayList<>();
        for (BundleInfo info : bundles) {
            Bundle bundle = bundleContext.getBundle(info.getLocation());
            if (bundle == null) {
                if (!info.isDependency()) {
                    problems.add(info.getLocation() + " not installed");
                }
            } else if (!isStarted(bundle)) {
                problems.add(info.getLocation() + " in state " + bundle.getState());
            }
        }
        return problems;
    }

    private static boolean isStarted(Bundle bundle) {
        return bundle.getState() == Bundle.ACTIVE || isResolvedFragment(bundle);
    }

    private static boolean isResolvedFragment(Bundle bundle) {
        return bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null && bundle.getState() == Bundle.RESOLVED;
    }

    /** Every Declarative Services component of Plinth's bundles is satisfied or active: no missing reference, no failed activation. */
    protected void assertPlinthComponentsHealthy() {
        ServiceComponentRuntime scr = bundleContext.getService(bundleContext.getServiceReference(ServiceComponentRuntime.class));
        Await.until("Plinth components satisfied", BOOT_TIMEOUT, () -> unhealthyComponents(scr).isEmpty());
    }

    private static List<String> unhealthyComponents(ServiceComponentRuntime scr) {
        return scr.getComponentDescriptionDTOs().stream()
                .filter(description -> description.bundle.symbolicName.startsWith("io.plinth"))
                .flatMap(description -> scr.getComponentConfigurationDTOs(description).stream())
                .filter(config -> config.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        && !waitsOnlyForExtension(config)
                        || config.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || config.state == ComponentConfigurationDTO.FAILED_ACTIVATION)
                .map(config -> config.description.name + " state " + config.state)
                .collect(Collectors.toList());
    }

    /**
     * Extension points that a later bundle deploys: a component waiting only for one of them (the
     * node's real agent waits for a process containerizer) is not broken, it is waiting by design.
     */
    private static final java.util.Set<String> EXTENSION_POINTS = java.util.Set.of("io.plinth.agent.api.Containerizer");

    private static boolean waitsOnlyForExtension(ComponentConfigurationDTO config) {
        return java.util.Arrays.stream(config.unsatisfiedReferences).allMatch(unsatisfied ->
                java.util.Arrays.stream(config.description.references)
                        .anyMatch(ref -> ref.name.equals(unsatisfied.name) && EXTENSION_POINTS.contains(ref.interfaceName)));
    }

    /** Runs a Karaf shell command as an admin and returns what it printed. */
    protected String executeCommand(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject admin = new Subject();
        Stream.of("admin", "manager", "viewer").forEach(role -> admin.getPrincipals().add(new RolePrincipal(role)));
        Session session = sessionFactory.create(System.in, out, out);
        try {
            Subject.doAs(admin, (java.security.PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
