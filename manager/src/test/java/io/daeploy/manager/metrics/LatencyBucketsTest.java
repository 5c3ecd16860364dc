package io.daeploy.manager.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyBucketsTest {

    @Test
    void quantilesAreWithinTwoPercentOfTheTrueOnes() {
        LatencyBuckets.Recorder recorder = new LatencyBuckets.Recorder();
        Random random = new Random(7);
        long[] nanos = LongStream.generate(() -> 200_000 + (long) (random.nextDouble() * random.nextDouble() * 900_000_000L))
                .limit(20_000).sorted().toArray();
        for (long n : nanos) {
            recorder.record(n);
        }
        LatencyBuckets buckets = recorder.snapshot();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            double exact = nanos[(int) Math.ceil(q * nanos.length) - 1] / 1e6;
            double read = buckets.quantileMillis(q);
            assertEquals(exact, read, exact * 0.02, "p" + (int) (q * 100));
        }
        assertNull(LatencyBuckets.empty().quantileMillis(0.5), "nothing recorded: no latency, not zero");
    }

    @Test
    void bucketsOfTwoManagersAddUpToTheBucketsOfAll() {
        LatencyBuckets.Recorder first = new LatencyBuckets.Recorder();
        LatencyBuckets.Recorder second = new LatencyBuckets.Recorder();
        LatencyBuckets.Recorder both = new LatencyBuckets.Recorder();
        for (long micros = 1; micros < 5_000_000; micros = micros * 3 / 2 + 1) {
            (micros % 2 == 0 ? first : second).record(micros * 1000);
            both.record(micros * 1000);
        }
        assertEquals(both.snapshot(), first.snapshot().plus(second.snapshot()));
        assertEquals(both.snapshot().quantileMillis(0.99), first.snapshot().plus(second.snapshot()).quantileMillis(0.99));
    }

    @Test
    void theSparseFormReadsBackAsItWasAndRefusesBucketsThatDoNotExist() {
        LatencyBuckets.Recorder recorder = new LatencyBuckets.Recorder();
        recorder.record(3_000_000);
        recorder.record(3_000_000);
        recorder.record(400_000_000_000L); // beyond the last bound: counts in the last bucket
        LatencyBuckets buckets = recorder.snapshot();
        assertEquals(buckets, LatencyBuckets.fromSparse(buckets.sparse()));
        assertEquals(2, buckets.sparse().size());
        assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.fromSparse(Map.of(LatencyBuckets.BUCKETS, 1L)));
        assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.fromSparse(Map.of(3, -1L)));
    }
}
