package io.daeploy.manager.core.compare;

import io.daeploy.manager.core.compare.AnswerComparison.Answer;
import io.daeploy.manager.core.compare.AnswerComparison.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerComparisonTest {

    private static final Predicate<String> NOTHING = pointer -> false;

    private static Answer json(String body) {
        return new Answer(200, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static Predicate<String> ignoring(String... patterns) {
        return pointer -> JsonPointers.coveredByAny(List.of(patterns), pointer);
    }

    @Test
    void differingFieldsAreNamedAsJsonPointers() {
        Verdict verdict = AnswerComparison.compare(json("{\"a\":1,\"b\":{\"c\":[1,2]},\"d/e\":true}"),
                json("{\"a\":1,\"b\":{\"c\":[1,3,4]},\"x\":0,\"d/e\":false}"), NOTHING);
        assertFalse(verdict.same());
        assertEquals(List.of("/b/c/1", "/b/c/2", "/d~1e", "/x"), verdict.fields().stream().sorted().toList());
    }

    @Test
    void ignoredFieldsDoNotCountAndTheVerdictSaysSo() {
        Answer main = json("{\"greeting\":\"Hello\",\"at\":\"10:00\",\"items\":[{\"id\":1,\"ts\":5},{\"id\":2,\"ts\":6}]}");
        Answer shadow = json("{\"greeting\":\"Hello\",\"at\":\"10:01\",\"items\":[{\"id\":1,\"ts\":7},{\"id\":2,\"ts\":8}]}");
        Verdict verdict = AnswerComparison.compare(main, shadow, ignoring("/at", "/items/*/ts"));
        assertTrue(verdict.same());
        assertTrue(verdict.noise(), "matched only because fields were left out");
        Verdict partly = AnswerComparison.compare(main, shadow, ignoring("/at"));
        assertEquals(List.of("/items/0/ts", "/items/1/ts"), partly.fields());
    }

    @Test
    void aFieldIgnoredDoesNotHideAnotherThatDiffers() {
        Verdict verdict = AnswerComparison.compare(json("{\"greeting\":\"Hello\",\"at\":1}"),
                json("{\"greeting\":\"Howdy\",\"at\":2}"), ignoring("/at"));
        assertFalse(verdict.same());
        assertEquals(List.of("/greeting"), verdict.fields());
    }

    @Test
    void statusAndNonJsonBodiesAreComparedAsBefore() {
        assertFalse(AnswerComparison.compare(json("1"), new Answer(500, "1".getBytes(), "application/json"), NOTHING).same());
        assertFalse(AnswerComparison.compare(new Answer(200, "abc".getBytes(), "text/plain"),
                new Answer(200, "abd".getBytes(), "text/plain"), ignoring("/*")).same());
        assertTrue(AnswerComparison.compare(json("{\"a\": [1, 2]}"), json("{\"a\":[1,2]}"), NOTHING).same());
        assertTrue(AnswerComparison.compare(new Answer(200, null, null), json("2"), NOTHING).same(), "a body not kept");
    }

    @Test
    void noiseIsLearnedAsShapesWithAnyIndex() {
        List<String> noise = AnswerComparison.noiseBetween(json("{\"serial\":\"a\",\"issued\":[{\"at\":1,\"by\":\"x\"}]}"),
                json("{\"serial\":\"b\",\"issued\":[{\"at\":2,\"by\":\"x\"}]}"), NOTHING);
        assertEquals(List.of("/serial", "/issued/*/at"), noise);
        LearnedNoise learned = new LearnedNoise();
        learned.learn(noise);
        assertTrue(learned.covers("/issued/7/at"));
        assertFalse(learned.covers("/issued/7/by"));
        assertEquals(List.of(), AnswerComparison.noiseBetween(json("{\"a\":1}"), json("{\"a\":1}"), NOTHING));
    }
}
