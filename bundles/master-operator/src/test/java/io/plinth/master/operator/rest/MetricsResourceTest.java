package io.plinth.master.operator.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plinth.master.operator.testing.FakeResourceManager;
import java.nio.charset.StandardCharsets;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class MetricsResourceTest {

    private static String body(Response response) {
        assertEquals(200, response.getStatus());
        assertEquals("application/json", response.getMediaType().toString());
        return new String((byte[]) response.getEntity(), StandardCharsets.UTF_8);
    }

    @Test
    void theLeaderShowsItsMetricsAndThatItIsElected() {
        MetricsResource resource = new MetricsResource();
        resource.bindManager(new FakeResourceManager());
        assertEquals("{\"master/elected\":1.0,\"master/slaves_unreachable\":1.0,\"master/tasks_running\":1.0,"
                + "\"master/uptime_secs\":12.5}", body(resource.snapshot()));
    }

    @Test
    void anotherMasterIsNotElected() {
        assertEquals("{\"master/elected\":0.0}", body(new MetricsResource().snapshot()));
    }

    @Test
    void losingLeadershipMidRequestReportsNotElected() {
        MetricsResource resource = new MetricsResource();
        FakeResourceManager manager = new FakeResourceManager();
        resource.bindManager(manager);
        manager.failing();
        assertEquals("{\"master/elected\":0.0}", body(resource.snapshot()));
        resource.unbindManager(manager);
        assertEquals("{\"master/elected\":0.0}", body(resource.snapshot()));
    }
}
