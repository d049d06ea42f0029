package io.leakscan.target;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The resolver Reactor Netty uses for every connection to a target: it resolves with the same {@link HostResolver}
 * as preflight, then lets through only the addresses {@link AddressGuard} permits. Because this runs at connect time,
 * a name that answered 127.0.0.1 at preflight and 169.254.169.254 a second later (DNS rebinding) is refused.
 *
 * <p>Addresses that already arrive resolved (IP literals in the URL) are checked too: Netty would skip a resolver that
 * calls them resolved, so this one never does.
 */
public final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    /** Lookups block (the JDK resolver has no async API); keep them off Netty's event loops. */
    private static final ExecutorService LOOKUPS = lookupExecutor();

    private final AddressGuard guard;

    public GuardedAddressResolverGroup(AddressGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new GuardedResolver(executor, guard);
    }

    private static final class GuardedResolver extends AbstractAddressResolver<InetSocketAddress> {

        private final AddressGuard guard;

        GuardedResolver(EventExecutor executor, AddressGuard guard) {
            super(executor, InetSocketAddress.class);
            this.guard = guard;
        }

        @Override
        protected boolean doIsResolved(InetSocketAddress address) {
            return false; // every address goes through the guard, literals included
        }

        @Override
        protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
            lookup(address).whenComplete((addresses, error) -> {
                if (error != null) {
                    promise.tryFailure(unwrap(error));
                } else {
                    promise.trySuccess(new InetSocketAddress(addresses.getFirst(), address.getPort()));
                }
            });
        }

        @Override
        protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
            lookup(address).whenComplete((addresses, error) -> {
                if (error != null) {
                    promise.tryFailure(unwrap(error));
                } else {
                    promise.trySuccess(addresses.stream()
                            .map(a -> new InetSocketAddress(a, address.getPort())).toList());
                }
            });
        }

        private CompletableFuture<List<InetAddress>> lookup(InetSocketAddress address) {
            String host = address.getHostString();
            if (!address.isUnresolved()) {
                try {
                    guard.checkHostName(host);
                    return CompletableFuture.completedFuture(guard.permitted(host, List.of(address.getAddress())));
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return guard.authorize(host);
                } catch (UnknownHostException e) {
                    throw new CompletionException(e);
                }
            }, LOOKUPS);
        }

        private static Throwable unwrap(Throwable t) {
            return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        }
    }

    private static ExecutorService lookupExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "leakscan-target-dns-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
