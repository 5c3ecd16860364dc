package io.daeploy.examples.yatzee;

import io.daeploy.sdk.Daeploy;

import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A die that is the {@code die_roller} service: each roll calls its {@code roll} entrypoint through the manager,
 * so the main version of die_roller answers, whichever that is.
 */
final class DieRollerDie implements IntSupplier {

    static final String SERVICE = "die_roller";
    static final String ENTRYPOINT = "roll";

    /**
     * @throws io.daeploy.sdk.ServiceCallException when die_roller gives no number (not deployed, failing, too slow);
     *         left uncaught, play answers 502 saying so
     */
    @Override
    public int getAsInt() {
        Integer face = Daeploy.callService(SERVICE, ENTRYPOINT, Map.of(), Integer.class);
        if (face == null) {
            throw new IllegalStateException(SERVICE + "/" + ENTRYPOINT + " answered nothing instead of a number");
        }
        return face;
    }
}
