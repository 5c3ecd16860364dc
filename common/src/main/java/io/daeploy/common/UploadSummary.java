package io.daeploy.common;

/**
 * What an incremental upload sent: the files whose content the manager lacked, against all the files of the
 * application.
 *
 * @param changedFiles  files whose content was uploaded (two files of one content count twice, their bytes once)
 * @param files         files of the application
 * @param uploadedBytes bytes sent
 * @param totalBytes    bytes of the whole application
 */
public record UploadSummary(int changedFiles, int files, long uploadedBytes, long totalBytes) {
}
