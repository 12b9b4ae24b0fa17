package dev.numberregistry.api.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.NativeLibraryLoader;

/**
 * Where RocksDB's native library is unpacked. Left alone, RocksDB unpacks its 15 MB library to a
 * new file in the system temp directory at every start and deletes it only at a clean exit, so a
 * registry killed again and again fills the disk. Loaded here first, it goes to one file of a
 * fixed name in a directory the registry owns, replaced at each start; RocksDB's own loader then
 * finds it loaded and unpacks nothing.
 */
final class RocksDbNativeLibrary {

    private RocksDbNativeLibrary() {
    }

    /** Loads the library from {@code directory}; must run before any RocksDB store opens. */
    static void loadFrom(Path directory) {
        try {
            Files.createDirectories(directory);
            NativeLibraryLoader.getInstance().loadLibrary(directory.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("RocksDB's native library could not be unpacked to " + directory, e);
        }
    }
}
