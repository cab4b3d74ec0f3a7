/**
 * Host import, binfarm's extract.sh: copies a program installed on this machine, the
 * closure of its shared libraries (resolved like glibc's ld.so: RPATH/RUNPATH with
 * $ORIGIN, /etc/ld.so.cache, default dirs) and its interpreter into an app folder of a
 * catalog git repo, and commits it. Knows nothing of the database or of running apps.
 */
package dev.binfarm.catalog.importer;
