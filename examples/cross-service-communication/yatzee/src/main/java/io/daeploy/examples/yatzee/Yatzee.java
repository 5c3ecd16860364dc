package io.daeploy.examples.yatzee;

import io.daeploy.common.Severity;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Service {@code yatzee}: {@code POST /play} rolls five dice and answers them sorted. Five equal dice are a
 * yatzee, which is logged and raised as a notification on the manager.
 */
public class Yatzee {

    static final int DICE = 5;
    static final String YATZEE_MESSAGE = "YATZEE!!!";
    private static final Logger LOGGER = Logger.getLogger(Yatzee.class.getName());

    private final IntSupplier die;
    private final Consumer<List<Integer>> onYatzee;

    /** A game with {@code die} that announces a yatzee on the manager. */
    public Yatzee(IntSupplier die) {
        this(die, Yatzee::announce);
    }

    /** A game that tells {@code onYatzee} instead: tests use it to play without a manager. */
    Yatzee(IntSupplier die, Consumer<List<Integer>> onYatzee) {
        this.die = die;
        this.onYatzee = onYatzee;
    }

    @Entrypoint
    public List<Integer> play() {
        List<Integer> dice = IntStream.generate(die).limit(DICE).sorted().boxed().toList();
        if (isYatzee(dice)) {
            onYatzee.accept(dice);
        }
        return dice;
    }

    static boolean isYatzee(List<Integer> dice) {
        return dice.size() == DICE && dice.stream().distinct().count() == 1;
    }

    /** A notification never fails the game: notify logs a warning itself when the manager does not take it. */
    private static void announce(List<Integer> dice) {
        LOGGER.info(YATZEE_MESSAGE + " " + dice);
        Daeploy.notify(YATZEE_MESSAGE, Severity.INFO);
    }

    public static void main(String[] args) {
        DaeployService.run(new Yatzee(new DieRollerDie()));
    }
}
