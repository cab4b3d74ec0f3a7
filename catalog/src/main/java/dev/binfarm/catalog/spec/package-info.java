/**
 * App specs: how to run an app (argv, env, cwd, stdin, timeout) and how to judge it
 * (exit status, stdout/stderr checks, files produced, probes for servers), read from YAML
 * with errors that name file, line and field ({@link dev.binfarm.catalog.spec.SpecLoader}),
 * resolved per catalog ({@link dev.binfarm.catalog.spec.SpecBook}: the repo's binfarm.yaml,
 * then the specs shipped for the upstream catalogs, then the default smoke spec).
 */
package dev.binfarm.catalog.spec;
