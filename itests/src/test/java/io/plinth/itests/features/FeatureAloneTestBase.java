package io.plinth.itests.features;

import io.plinth.itests.support.PlinthKarafTestSupport;
import org.junit.Test;

/**
 * Installs one feature alone into a fresh Karaf booted with role {@code none}, then checks every
 * bundle it brings is active and every Plinth component is satisfied. One subclass per feature.
 */
public abstract class FeatureAloneTestBase extends PlinthKarafTestSupport {

    protected abstract String feature();

    @Test
    public void installsAloneWithAllBundlesActive() throws Exception {
        installFeatureAlone(feature());
        assertPlinthComponentsHealthy();
    }
}
