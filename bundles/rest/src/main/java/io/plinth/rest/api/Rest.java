package io.plinth.rest.api;

/** Whiteboard names shared by Plinth's REST resources. */
public final class Rest {

    /** {@code osgi.jaxrs.name} of Plinth's Jackson provider. */
    public static final String JSON_PROVIDER_NAME = "plinth.json";

    /**
     * Filter for {@code @JaxrsExtensionSelect} on resources that produce or consume JSON: the
     * whiteboard publishes them only while Plinth's Jackson provider is registered, so a request
     * never meets a resource without its JSON writer.
     */
    public static final String JSON = "(osgi.jaxrs.name=" + JSON_PROVIDER_NAME + ")";

    private Rest() {
    }
}
