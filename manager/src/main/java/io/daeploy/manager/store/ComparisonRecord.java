package io.daeploy.manager.store;

import java.util.List;

/** A name's comparison rule as stored: the JSON pointers of fields left out, and whether noise is detected. */
public record ComparisonRecord(String name, List<String> ignore, boolean detectNoise) {
}
