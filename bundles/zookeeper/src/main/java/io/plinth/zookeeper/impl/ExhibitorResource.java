package io.plinth.zookeeper.impl;

import io.plinth.rest.api.Rest;
import io.plinth.zookeeper.api.EnsembleStatus;
import io.plinth.zookeeper.api.MemberStatus;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The part of Exhibitor's REST API that DC/OS tools read: the ensemble status,
 * {@code [{"hostname","code","description","isLeader"}]}.
 */
@Component(service = ExhibitorResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/exhibitor/v1/cluster")
public class ExhibitorResource {

    private final EnsembleStatus ensemble;

    @Activate
    public ExhibitorResource(@Reference EnsembleStatus ensemble) {
        this.ensemble = ensemble;
    }

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public List<MemberStatus> status() {
        return ensemble.members();
    }
}
