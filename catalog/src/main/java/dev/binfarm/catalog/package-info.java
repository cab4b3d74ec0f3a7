/**
 * Catalogs of prebuilt Linux apps: JGit mirrors and atomic sync ({@link dev.binfarm.catalog.Catalogs},
 * {@link dev.binfarm.catalog.CatalogMirror}), app discovery from git trees
 * ({@link dev.binfarm.catalog.Discovery}), and per-run app filesystems
 * ({@link dev.binfarm.catalog.Materializer}). Records go through
 * {@link dev.binfarm.catalog.CatalogStore}; this package never sees SQL and never runs a guest.
 * Uses the emulator module for its ELF parser only.
 */
package dev.binfarm.catalog;
