/**
 * The traffic a scan sends: load, abort and key-cardinality rounds against one target, paced and held within the
 * session's limits, easing off or stopping when the target shows distress.
 */
package io.leakscan.probe;
