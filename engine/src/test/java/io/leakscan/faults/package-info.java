/**
 * The fault suite of issue 17: real OS processes (the service, PostgreSQL, targets, webhook receivers) started,
 * killed by pid and restarted, and what the service must guarantee across it.
 */
package io.leakscan.faults;
