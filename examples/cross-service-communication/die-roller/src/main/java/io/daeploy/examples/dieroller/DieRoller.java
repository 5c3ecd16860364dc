package io.daeploy.examples.dieroller;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;

import java.util.OptionalInt;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Service {@code die_roller}: a six-sided die. {@code POST /roll} answers 1 to 6, each as likely as the others,
 * unless the die is loaded with {@code DIE_ALWAYS} (see {@link DieAlways}).
 */
public class DieRoller {

    static final int FACES = 6;

    private final RandomGenerator random;
    private final OptionalInt alwaysFace;

    /** A fair die. */
    public DieRoller() {
        // java.util.Random is safe to share between the threads that serve requests at the same time.
        this(new Random(), OptionalInt.empty());
    }

    /**
     * @param random     where fair rolls come from
     * @param alwaysFace the face every roll shows instead, or empty for a fair die
     */
    public DieRoller(RandomGenerator random, OptionalInt alwaysFace) {
        this.random = random;
        this.alwaysFace = alwaysFace;
    }

    @Entrypoint
    public int roll() {
        return alwaysFace.orElseGet(() -> random.nextInt(1, FACES + 1));
    }

    public static void main(String[] args) {
        DaeployService.run(new DieRoller(new Random(), DieAlways.fromEnvironment(System.getenv())));
    }
}
