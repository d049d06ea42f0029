/**
 * A tenant's targets and the proof that the tenant controls their hosts (an HTTP token or a DNS TXT record), re-checked
 * on a schedule; a hosted service scans only verified hosts.
 */
package io.leakscan.ownership;
