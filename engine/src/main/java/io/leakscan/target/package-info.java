/**
 * The target under scan: who may be scanned, how to reach it, and whether it is Echo. Spring-free apart from
 * WebClient/Reactor Netty, so the service and the CLI share it.
 *
 * <h2>Entry points</h2>
 * <ul>
 * <li>{@link io.leakscan.target.TargetUrls#validate(String)}: reject a bad base URL up front (API validation).</li>
 * <li>{@link io.leakscan.target.TargetPolicy#parse(boolean, java.util.List)}: the allow-list from configuration.</li>
 * <li>{@link io.leakscan.target.HttpPreflight}: the {@link io.leakscan.target.Preflight} every scan runs first.</li>
 * <li>{@link io.leakscan.target.TargetHttpClients#open}: the only way to send traffic to a target. The returned
 * {@link io.leakscan.target.TargetClient} checks every connection with {@link io.leakscan.target.AddressGuard} and
 * never follows redirects; close it when done.</li>
 * <li>{@link io.leakscan.target.TargetFailure#classify}: turn whatever a request threw into a
 * {@link io.leakscan.target.FailureCode} and a message naming host:port and the cause.</li>
 * </ul>
 */
package io.leakscan.target;
