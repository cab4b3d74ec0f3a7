/**
 * The results store: H2 database, Flyway schema, plain-JDBC DAOs with records for rows.
 * No business rules of runs here (see the module README).
 */
package dev.binfarm.results;
