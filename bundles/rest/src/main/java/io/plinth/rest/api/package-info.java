/**
 * What REST resources of other bundles use: {@link io.plinth.rest.api.ApiException} to answer with a
 * Marathon-style error, and {@link io.plinth.rest.api.Rest#JSON} to be published only once the JSON
 * provider is there.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plinth.rest.api;
