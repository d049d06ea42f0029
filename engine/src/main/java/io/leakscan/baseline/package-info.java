/** Baselines: the findings a team has accepted, by fingerprint, and how a scan's findings compare with them. */
package io.leakscan.baseline;
