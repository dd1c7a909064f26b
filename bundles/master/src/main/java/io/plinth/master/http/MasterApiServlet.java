package io.plinth.master.http;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.MasterAccess;
import io.plinth.mesos.api.agent.AgentLink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The master's two busiest endpoints, the Mesos v1 scheduler API ({@value SchedulerEndpoint#PATH}) and
 * the agent link ({@value AgentLink#PATH}), as a plain servlet on the HTTP whiteboard rather than JAX-RS
 * resources: with thousands of tasks every launch, kill, acknowledgement and status update is a POST
 * here, and CXF's per-request work was more than half of the master's CPU. An exact servlet pattern
 * wins over the JAX-RS whiteboard's {@code /*}, so the paths stay where Mesos has them.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + SchedulerEndpoint.PATH,
        "osgi.http.whiteboard.servlet.pattern=" + AgentLink.PATH,
        "osgi.http.whiteboard.servlet.name=plinth-master-api"})
public class MasterApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SchedulerEndpoint scheduler;
    private final transient AgentLinkEndpoint agents;

    @Activate
    public MasterApiServlet(@Reference MasterAccess access, @Reference LeaderDetector detector) {
        this.scheduler = new SchedulerEndpoint(access, detector);
        this.agents = new AgentLinkEndpoint(access, detector);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        String contentType = request.getHeader("Content-Type");
        String streamId = request.getHeader(SchedulerEndpoint.STREAM_ID);
        Reply reply = AgentLink.PATH.equals(request.getServletPath())
                ? agents.call(body, streamId, contentType)
                : scheduler.call(body, contentType, request.getHeader("Accept"), streamId);
        write(reply, response);
    }

    private static void write(Reply reply, HttpServletResponse response) throws IOException {
        if (reply instanceof Reply.Whole whole) {
            response.setStatus(whole.status());
            headers(whole.headers(), response);
            if (whole.contentType() != null) {
                response.setContentType(whole.contentType());
            }
            response.setContentLength(whole.body().length);
            response.getOutputStream().write(whole.body());
        } else if (reply instanceof Reply.Streaming streaming) {
            response.setStatus(200);
            headers(streaming.headers(), response);
            response.setContentType(streaming.contentType());
            response.flushBuffer(); // the client learns its stream id before the first event
            OutputStream out = response.getOutputStream();
            streaming.stream().write(out);
        }
    }

    private static void headers(Map<String, String> headers, HttpServletResponse response) {
        headers.forEach(response::setHeader);
    }
}
