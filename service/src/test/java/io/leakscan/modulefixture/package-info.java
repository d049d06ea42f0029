/**
 * A miniature of the application's module layout with one deliberate breach of each module rule, so
 * {@code ModuleBoundariesTest} can show that every rule fails when its boundary is crossed.
 */
package io.leakscan.modulefixture;
