package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;
import io.daeploy.common.UploadSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lines of a deploy: what an incremental upload sent, and last the URL that reaches the new version. */
class DeployedAtTest {

    private static final String HOST = "http://127.0.0.1:8080";

    @Test
    void aMainAnswersByName() {
        assertEquals("Deployed hello 1.0.0: http://127.0.0.1:8080/services/hello/ (and http://127.0.0.1:8080/services/hello_1.0.0/)",
                DeployMojo.deployedAt(HOST, version("1.0.0", true)));
    }

    @Test
    void aShadowAnswersOnlyByNameAndVersion() {
        assertEquals("Deployed hello 1.0.1 as a shadow: http://127.0.0.1:8080/services/hello_1.0.1/ (http://127.0.0.1:8080"
                        + "/services/hello/ is answered by the main version, and this one gets a copy)",
                DeployMojo.deployedAt(HOST, version("1.0.1", false)));
    }

    @Test
    void anIncrementalUploadSaysWhatItSent() {
        assertEquals("Uploaded 14.2 KB of 9.6 MB: 1 of 24 files changed",
                DeployMojo.uploaded(new UploadSummary(1, 24, 14_500, 10_066_330)));
        assertEquals("Uploaded 0 B of 3.0 KB: 0 of 1 file changed", DeployMojo.uploaded(new UploadSummary(0, 1, 0, 3072)));
    }

    private static ServiceVersion version(String version, boolean main) {
        return new ServiceVersion("hello", version, main, "running", Instant.EPOCH, null, null);
    }
}
