/**
 * Service discovery as Mesos-DNS, as a service other bundles and the shell use: {@link
 * io.plinth.dns.api.DnsService} answers a name the way the DNS server answers it and lists every record
 * it holds. The records follow the leading master's operator event stream; see the bundle's README.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plinth.dns.api;
