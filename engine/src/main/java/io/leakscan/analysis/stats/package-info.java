/**
 * The robust statistics the detectors judge by: noise from the baseline, how a signal decays after load, whether
 * levels grow or plateau across rounds, and line fits over small samples.
 */
package io.leakscan.analysis.stats;
