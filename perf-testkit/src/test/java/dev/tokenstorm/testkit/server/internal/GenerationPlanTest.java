package dev.tokenstorm.testkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.testkit.server.EventKind;
import dev.tokenstorm.testkit.server.GenerationProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GenerationPlanTest {

  private static final GenerationProfile PROFILE = GenerationProfile.defaults()
      .withTtft(Duration.ofMillis(100))
      .withInterTokenDelay(Duration.ofMillis(10))
      .withOutputTokens(4);

  @Test
  void offsetsFollowTtftThenOneDelayPerToken() {
    List<PlannedEvent> events = events(GenerationPlan.create(
        PROFILE, 0, OptionalInt.empty(), true, true, true, 0));

    assertThat(events).extracting(PlannedEvent::kind).containsExactly(
        EventKind.ROLE, EventKind.CONTENT, EventKind.CONTENT, EventKind.CONTENT, EventKind.CONTENT,
        EventKind.FINISH, EventKind.USAGE, EventKind.DONE);
    assertThat(events).extracting(PlannedEvent::offsetNanos).containsExactly(
        0L, 100_000_000L, 110_000_000L, 120_000_000L, 130_000_000L, 130_000_000L, 130_000_000L,
        130_000_000L);
  }

  @Test
  void prefillDelayGrowsWithPromptTokens() {
    GenerationProfile profile = PROFILE.withPrefillPerPromptToken(Duration.ofMillis(1));

    GenerationPlan plan = GenerationPlan.create(profile, 50, OptionalInt.empty(), true, false, false, 0);

    assertThat(events(plan).get(0).offsetNanos()).isEqualTo(150_000_000L);
    assertThat(plan.lastTokenOffsetNanos()).isEqualTo(180_000_000L);
  }

  @Test
  void maxTokensCapsReasoningFirst() {
    GenerationProfile profile = PROFILE.withReasoningTokens(3);

    GenerationPlan plan = GenerationPlan.create(profile, 0, OptionalInt.of(5), true, false, false, 0);

    assertThat(plan.reasoningTokens()).isEqualTo(3);
    assertThat(plan.contentTokens()).isEqualTo(2);
    assertThat(plan.finishReason()).isEqualTo("length");
  }

  @Test
  void zeroTokensStillFinishesAtTtft() {
    GenerationPlan plan = GenerationPlan.create(
        PROFILE.withOutputTokens(0), 0, OptionalInt.empty(), true, false, false, 0);

    assertThat(events(plan)).extracting(PlannedEvent::kind)
        .containsExactly(EventKind.FINISH, EventKind.DONE);
    assertThat(plan.lastTokenOffsetNanos()).isEqualTo(100_000_000L);
  }

  @Test
  void jitterIsBoundedAndRepeatable() {
    GenerationProfile profile = PROFILE.withOutputTokens(50)
        .withInterTokenDelay(Duration.ofMillis(1))
        .withJitter(Duration.ofMillis(3))
        .withSeed(42);

    List<PlannedEvent> first = events(GenerationPlan.create(profile, 0, OptionalInt.empty(), true, false, false, 7));
    List<PlannedEvent> again = events(GenerationPlan.create(profile, 0, OptionalInt.empty(), true, false, false, 7));
    List<PlannedEvent> other = events(GenerationPlan.create(profile, 0, OptionalInt.empty(), true, false, false, 8));

    assertThat(first).isEqualTo(again);
    assertThat(first).isNotEqualTo(other);
    assertThat(first).extracting(PlannedEvent::offsetNanos).isSorted();
    for (int i = 0; i < 50; i++) {
      long nominal = 100_000_000L + i * 1_000_000L;
      assertThat(first.get(i).offsetNanos()).isBetween(nominal - 3_000_000L, nominal + 3_000_000L);
    }
  }

  private static List<PlannedEvent> events(GenerationPlan plan) {
    List<PlannedEvent> events = new ArrayList<>();
    GenerationPlan.Cursor cursor = plan.cursor();
    for (PlannedEvent event = cursor.next(); event != null; event = cursor.next()) {
      events.add(event);
    }
    return events;
  }
}
