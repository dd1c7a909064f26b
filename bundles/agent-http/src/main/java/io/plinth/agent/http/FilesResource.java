package io.plinth.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.agent.api.AgentRuntime;
import io.plinth.agent.http.core.AgentDocuments;
import io.plinth.agent.http.core.Download;
import io.plinth.agent.http.core.FileAccessException;
import io.plinth.agent.http.core.Json;
import io.plinth.agent.http.core.SandboxFiles;
import io.plinth.agent.http.core.SandboxPaths;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.Rest;
import java.util.function.Function;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Mesos' {@code /files} API over the agent's sandboxes: {@code browse}, {@code read} and
 * {@code download}, each also under its older {@code .json} name. Paths are confined to the
 * sandboxes by {@link SandboxPaths}; a refused path is answered with its 4xx status and a message.
 */
@Component(service = Object.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/files")
public class FilesResource {

    private final AgentRuntime runtime;
    private final Json json = new Json();
    private final AgentDocuments documents = new AgentDocuments(json);

    @Activate
    public FilesResource(@Reference AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Path("/browse")
    public Response browse(@QueryParam("path") String path) {
        return answer(files -> ok(documents.listing(files.browse(path))));
    }

    @GET
    @Path("/browse.json")
    public Response browseJson(@QueryParam("path") String path) {
        return browse(path);
    }

    @GET
    @Path("/read")
    public Response read(@QueryParam("path") String path, @QueryParam("offset") String offset,
                         @QueryParam("length") String length) {
        return answer(files -> ok(documents.chunk(files.read(path, offset, length))));
    }

    @GET
    @Path("/read.json")
    public Response readJson(@QueryParam("path") String path, @QueryParam("offset") String offset,
                             @QueryParam("length") String length) {
        return read(path, offset, length);
    }

    @GET
    @Path("/download")
    public Response download(@QueryParam("path") String path) {
        return answer(files -> {
            Download download = files.download(path);
            StreamingOutput body = download::writeTo;
            return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header("Content-Disposition", download.contentDisposition())
                    .header(HttpHeaders.CONTENT_LENGTH, download.size())
                    .build();
        });
    }

    @GET
    @Path("/download.json")
    public Response downloadJson(@QueryParam("path") String path) {
        return download(path);
    }

    /** Runs a files operation on the sandboxes of the agent's work directory, refusals as API errors. */
    private Response answer(Function<SandboxFiles, Response> operation) {
        java.nio.file.Path workDir; // javax.ws.rs.Path is the annotation here
        try {
            workDir = runtime.workDir();
        } catch (RuntimeException e) {
            return Agents.unavailable(e);
        }
        try {
            return operation.apply(new SandboxFiles(new SandboxPaths(workDir)));
        } catch (FileAccessException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
    }

    private Response ok(JsonNode document) {
        return Response.ok(json.bytes(document), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
