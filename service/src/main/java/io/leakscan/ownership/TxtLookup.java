package io.leakscan.ownership;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * TXT lookups against chosen DNS servers (the system's when none are configured). One query, no cache: a tenant who
 * just published the record must see the check pass now, not after a cached NXDOMAIN expires.
 */
class TxtLookup {

    /** The lookup failed in a way that says nothing about the record (timeout, SERVFAIL). */
    static final class DnsUnavailableException extends IOException {
        DnsUnavailableException(String message) {
            super(message);
        }
    }

    private final Resolver resolver;

    TxtLookup(List<String> servers, Duration timeout) {
        Resolver r = servers.isEmpty() ? new ExtendedResolver()
                : new ExtendedResolver(servers.stream().map(TxtLookup::simple).toArray(Resolver[]::new));
        r.setTimeout(timeout);
        this.resolver = r;
    }

    private static Resolver simple(String server) {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(':') == colon;
        String host = hasPort ? server.substring(0, colon) : server;
        try {
            int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
            return new SimpleResolver(new InetSocketAddress(host, port));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("leakscan.target.verification.dns-servers: " + server
                    + " is not host or host:port", e);
        }
    }

    /** Every string of every TXT record of {@code name}; empty when the name or its TXT records do not exist. */
    List<String> txt(String name) throws IOException {
        Name fqdn;
        try {
            fqdn = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name + " is not a DNS name: " + e.getMessage(), e);
        }
        Message response = resolver.send(Message.newQuery(Record.newRecord(fqdn, Type.TXT, DClass.IN)));
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsUnavailableException("the DNS server answered " + Rcode.string(rcode));
        }
        List<String> strings = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt) {
                // a long value may be split into several strings of one record; they are one value
                strings.add(String.join("", txt.getStrings()));
            }
        }
        return strings;
    }
}
