package io.daeploy.common;

/**
 * One file of an application as an incremental deploy names it ({@code POST /services/~blobs/missing},
 * {@code POST /services/~deploy/manifest}).
 *
 * @param path   where it goes in the application folder, as in the whole-archive zip: the application jar at the
 *               root, its libraries under {@code libs/}
 * @param sha256 the SHA-256 of its bytes, 64 lower-case hexadecimal digits: the name of its content on the manager
 * @param size   its length in bytes
 */
public record ManifestEntry(String path, String sha256, long size) {
}
