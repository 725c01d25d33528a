package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadLimits;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** For every size from 1 byte to 8 GiB, the plan covers each byte once, in order, within the limits. */
class PartPlannerPropertiesTest {
  static final UploadLimits LIMITS = UploadLimits.defaults();
  static final long MAX = LIMITS.maxUploadBytes();

  @Provide
  Arbitrary<Long> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, MAX),
        Arbitraries.longs().between(1, 1L << 20),
        Arbitraries.of(1L, 2L, MAX, MAX - 1, LIMITS.maxPartBytes(), LIMITS.maxPartBytes() + 1,
            LIMITS.minAutoPartBytes() - 1, LIMITS.minAutoPartBytes() + 1, (1L << 31) + 7));
  }

  @Property(tries = 2000)
  void automaticPlansCoverEveryByteOnceWithinTheLimits(
      @ForAll("sizes") long size, @ForAll @IntRange(min = 1, max = 16) int concurrency) {
    PartPlan plan = PartPlanner.plan(size, LIMITS, OptionalLong.empty(), concurrency);

    assertCovers(plan, size);
    assertThat(plan.partSize()).isBetween(1L, LIMITS.maxPartBytes());
    assertThat(plan.partCount()).isBetween(1, LIMITS.maxParts());
    if (size >= concurrency * LIMITS.minAutoPartBytes() && size <= concurrency * LIMITS.maxPartBytes()) {
      // a mid-size file gives every worker a part
      assertThat(plan.partCount()).isGreaterThanOrEqualTo(concurrency);
    }
    if (size > concurrency * LIMITS.maxPartBytes()) {
      assertThat(plan.partSize()).isEqualTo(LIMITS.maxPartBytes());
    }
  }

  @Property(tries = 2000)
  void requestedPartSizesAreHonouredOrRefused(
      @ForAll("sizes") long size, @ForAll @LongRange(min = 1, max = 64L * 1024 * 1024) long partSize) {
    long count = (size + partSize - 1) / partSize;
    if (count > LIMITS.maxParts()) {
      try {
        PartPlanner.plan(size, LIMITS, OptionalLong.of(partSize), 4);
        throw new AssertionError("a plan of " + count + " parts was accepted");
      } catch (UploadValidationException expected) {
        assertThat(expected.field()).isEqualTo("partSize");
      }
      return;
    }
    PartPlan plan = PartPlanner.plan(size, LIMITS, OptionalLong.of(partSize), 4);
    assertCovers(plan, size);
    assertThat(plan.partSize()).isEqualTo(partSize);
    assertThat(plan.partCount()).isEqualTo(count);
  }

  @Example
  void eightGibInSixtyFourMibParts() {
    PartPlan plan = PartPlanner.plan(MAX, LIMITS, OptionalLong.empty(), 4);
    assertThat(plan.partCount()).isEqualTo(128);
    assertThat(plan.parts().get(127)).isEqualTo(new PartRange(128, MAX - LIMITS.maxPartBytes(), LIMITS.maxPartBytes()));
  }

  @Example
  void aSmallFileIsOnePartAndAMidSizeFileFeedsEveryWorker() {
    assertThat(PartPlanner.plan(1000, LIMITS, OptionalLong.empty(), 4).partCount()).isEqualTo(1);
    assertThat(PartPlanner.plan(100L << 20, LIMITS, OptionalLong.empty(), 4).partSize()).isEqualTo(25L << 20);
    assertThat(PartPlanner.plan(20L << 20, LIMITS, OptionalLong.empty(), 4).partSize()).isEqualTo(8L << 20);
  }

  private static void assertCovers(PartPlan plan, long size) {
    List<PartRange> parts = plan.parts();
    long expectedOffset = 0;
    for (int i = 0; i < parts.size(); i++) {
      PartRange part = parts.get(i);
      assertThat(part.number()).isEqualTo(i + 1);
      assertThat(part.offset()).isEqualTo(expectedOffset);
      assertThat(part.length()).isBetween(1L, plan.partSize());
      if (i < parts.size() - 1) {
        assertThat(part.length()).isEqualTo(plan.partSize());
      }
      expectedOffset = part.end();
    }
    assertThat(expectedOffset).isEqualTo(size);
  }
}
