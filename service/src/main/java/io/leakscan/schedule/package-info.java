/** Scans of a tenant's targets on cron schedules, started once across nodes, as ordinary scans. */
package io.leakscan.schedule;
