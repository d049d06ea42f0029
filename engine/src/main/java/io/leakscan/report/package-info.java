/**
 * The one report model of a finished scan and its renderings (JSON, HTML, Markdown, SARIF, JUnit), pure functions
 * that the CLI and the service call alike.
 */
package io.leakscan.report;
