/**
 * The service's Spring Boot application and Leakscan's own version, which the CLI and the reports also read; every
 * feature lives in a sub-package.
 */
package io.leakscan;
