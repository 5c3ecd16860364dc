package io.daeploy.manager.runtime.docker;

/** Small rules of image references that Docker applies implicitly and the API does not. */
final class ImageReferences {

    private ImageReferences() {
    }

    /** {@code hello} is {@code hello:latest}; a tag or digest already given is kept. */
    static String withDefaultTag(String image) {
        String trimmed = image.trim();
        int lastSlash = trimmed.lastIndexOf('/');
        boolean tagged = trimmed.indexOf(':', lastSlash + 1) >= 0 || trimmed.contains("@");
        return tagged ? trimmed : trimmed + ":latest";
    }
}
