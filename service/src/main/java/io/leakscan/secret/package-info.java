/**
 * Secrets at rest: seals stored secrets (webhook signing secrets) with AES-GCM under keys from the configuration,
 * opens them with whichever configured key sealed them, and re-seals old rows with the current key.
 */
package io.leakscan.secret;
