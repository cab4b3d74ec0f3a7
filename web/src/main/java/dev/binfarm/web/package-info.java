/**
 * The dashboard: server-rendered pages (matrix, cell, syscalls, runs, workers) and a JSON API
 * over the results store, read-only except for the token-guarded rerun. Owns its own
 * read queries (plain JDBC); must not know Quartz scheduling, the Runtime SPI or the CLI:
 * reruns and cluster state come in through {@link dev.binfarm.web.RerunService} and
 * {@link dev.binfarm.web.WorkersView}.
 */
package dev.binfarm.web;
