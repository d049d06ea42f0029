/**
 * The endpoint inventory: turns a service's own API description (OpenAPI 3.0/3.1 or Swagger 2.0, from a file, a URL or
 * the target's well-known paths) into the concrete requests a scan sends, with every operation it leaves out and why.
 * Free of Spring and the database, so the CLI and the service resolve an inventory the same way.
 *
 * <h2>Entry point</h2>
 * {@link io.leakscan.inventory.EndpointInventory#resolve}: load, parse, filter and synthesize in one call.
 */
package io.leakscan.inventory;
