package dev.binfarm.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One sync per catalog at a time, across processes (a CLI sync while the
 * orchestrator syncs): an OS lock on {@code <catalogs>/<name>.lock}.
 */
final class SyncLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SyncLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or null when another sync holds it. */
    static SyncLock take(Path catalogsDir, String name) throws IOException {
        Files.createDirectories(catalogsDir);
        FileChannel ch = FileChannel.open(catalogsDir.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l != null) return new SyncLock(ch, l);
        } catch (OverlappingFileLockException sameJvm) {
            // another thread of this process syncs it
        }
        ch.close();
        return null;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
