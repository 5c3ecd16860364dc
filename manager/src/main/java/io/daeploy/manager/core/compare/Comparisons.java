package io.daeploy.manager.core.compare;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.store.ComparisonRecord;
import io.daeploy.manager.store.ComparisonRepository;
import io.daeploy.manager.store.ServiceRepository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Each name's comparison rule, kept in the store and held in memory for the gateway, which reads it for every copy;
 * and the noise each name's main taught so far (in memory: it is learned again after a restart).
 */
public final class Comparisons {

    private final ComparisonRepository store;
    private final ServiceRepository versions;
    private final Map<String, ComparisonRule> rules = new ConcurrentHashMap<>();
    private final Map<String, LearnedNoise> noise = new ConcurrentHashMap<>();

    public Comparisons(ComparisonRepository store, ServiceRepository versions) {
        this.store = store;
        this.versions = versions;
        for (ComparisonRecord record : store.all()) {
            rules.put(record.name(), new ComparisonRule(record.name(), record.ignore(), record.detectNoise()));
        }
    }

    /** Sets a deployed name's rule; turning noise detection off forgets the noise learned. */
    public ComparisonRule set(ComparisonRule rule) {
        if (versions.byName(rule.name()).isEmpty()) {
            throw DomainException.notFound("No service '" + rule.name() + "' is deployed (see GET /services/)");
        }
        store.save(new ComparisonRecord(rule.name(), rule.ignore(), rule.detectNoise()));
        rules.put(rule.name(), rule);
        if (!rule.detectNoise()) {
            noise.remove(rule.name());
        }
        return rule;
    }

    public ComparisonRule ruleOf(String name) {
        ComparisonRule rule = rules.get(name);
        return rule != null ? rule : ComparisonRule.none(name);
    }

    /** The noise a name's main taught so far, to learn more into. */
    public LearnedNoise noiseOf(String name) {
        return noise.computeIfAbsent(name, n -> new LearnedNoise());
    }

    /** The fields of a name's answers whose differences do not count: those its rule names and its learned noise. */
    public Predicate<String> leftOut(String name) {
        ComparisonRule rule = ruleOf(name);
        if (rule.comparesEverything()) {
            return pointer -> false;
        }
        LearnedNoise learned = rule.detectNoise() ? noiseOf(name) : null;
        return pointer -> JsonPointers.coveredByAny(rule.ignore(), pointer) || learned != null && learned.covers(pointer);
    }
}
