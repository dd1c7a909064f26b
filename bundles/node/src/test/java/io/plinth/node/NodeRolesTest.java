package io.plinth.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeRolesTest {

    @Test
    void singleRole() {
        assertEquals(Set.of("plinth-all-in-one"), NodeRoles.featuresFor("all-in-one"));
    }

    @Test
    void roleListKeepsOrderAndIgnoresSpacesAndCase() {
        assertEquals(List.of("plinth-zookeeper", "plinth-master"),
                List.copyOf(NodeRoles.featuresFor(" ZooKeeper , master")));
    }

    @Test
    void aResourceManagerIsAMasterWithoutTheInitScheduler() {
        assertEquals(Set.of("plinth-zookeeper", "plinth-resource-manager"),
                NodeRoles.featuresFor("zookeeper,resource-manager"));
    }

    @Test
    void noneAndEmptyInstallNothing() {
        assertTrue(NodeRoles.featuresFor("none").isEmpty());
        assertTrue(NodeRoles.featuresFor("").isEmpty());
    }

    @Test
    void unknownRoleIsNamedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeRoles.featuresFor("master,mastr"));
        assertTrue(e.getMessage().contains("'mastr'"), e.getMessage());
        assertTrue(e.getMessage().contains("agent-public"), e.getMessage());
    }

    @Test
    void removesOnlyRoleFeaturesNoLongerWanted() {
        Set<String> installed = Set.of("plinth-all-in-one", "scr", "plinth-master");
        assertEquals(Set.of("plinth-all-in-one"), NodeRoles.toRemove(installed, Set.of("plinth-master")));
    }
}
