package dev.stowage.s3;

import dev.stowage.spi.EndpointPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way from a host to addresses: a name is looked up, numeric hosts in any
 * spelling are read as the address they spell, and addresses the {@link EndpointPolicy} refuses are
 * dropped, so a connection can only go to an allowed address, whatever the name resolves to at that
 * moment. When none is left, the lookup fails with {@link RefusedEndpointException} before any
 * packet is sent.
 */
final class GuardedDnsResolver implements DnsResolver {

  private final EndpointPolicy policy;
  private final NameLookup lookup;

  GuardedDnsResolver(EndpointPolicy policy, NameLookup lookup) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    Optional<InetAddress> literal = EndpointPolicy.literalAddress(host);
    InetAddress[] candidates =
        literal.isPresent() ? new InetAddress[] {literal.get()} : lookup.lookup(host);
    List<InetAddress> allowed = new ArrayList<>(candidates.length);
    String firstRefusal = null;
    for (InetAddress address : candidates) {
      Optional<String> refusal = policy.refusal(address);
      if (refusal.isEmpty()) {
        allowed.add(address);
      } else if (firstRefusal == null) {
        firstRefusal = refusal.get();
      }
    }
    if (allowed.isEmpty()) {
      throw new RefusedEndpointException(
          "the endpoint host "
              + host
              + (literal.isPresent() ? " is refused: " : " resolves only to refused addresses: ")
              + (firstRefusal == null ? "no address" : firstRefusal));
    }
    return allowed.toArray(InetAddress[]::new);
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (InetAddress address : resolve(host)) {
      addresses.add(new InetSocketAddress(address, port));
    }
    return addresses;
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    // Asked only for Kerberos/SPNEGO, which S3 never uses: no reverse lookup, no extra traffic.
    return host;
  }
}
