package io.daeploy.manager.metrics;

import io.daeploy.manager.core.rollout.VersionTraffic;

import java.util.Optional;

/** What the other managers on this manager's database counted of a version, added up; nothing where none did. */
public interface FiguresOfOthers {

    /** A manager alone on its store. */
    FiguresOfOthers NONE = new FiguresOfOthers() {
        @Override
        public Optional<VersionTraffic> traffic(String name, String version) {
            return Optional.empty();
        }

        @Override
        public Optional<ShadowFigures> shadow(String name, String version) {
            return Optional.empty();
        }
    };

    Optional<VersionTraffic> traffic(String name, String version);

    Optional<ShadowFigures> shadow(String name, String version);
}
