package io.plinth.master.operator.testing;

import java.lang.reflect.Proxy;
import java.net.URI;
import javax.ws.rs.core.UriInfo;

/** What resources read from the JAX-RS request context, for calling them as plain objects. */
public final class Requests {

    private Requests() {
    }

    /** A {@link UriInfo} that knows only the request URI, the one thing the resources ask it. */
    public static UriInfo uri(String requestUri) {
        URI uri = URI.create(requestUri);
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getRequestUri")) {
                        return uri;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
