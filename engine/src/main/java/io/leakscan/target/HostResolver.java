package io.leakscan.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name to addresses. {@link #SYSTEM} is the JDK's resolver (hosts file, then DNS); tests substitute their own. */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @return at least one address
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
