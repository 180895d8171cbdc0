package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Stats.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
        assertThat(Stats.median(List.of(7.0))).isEqualTo(7.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(List.of(100.0, 50.0))).isEqualTo(75.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void medianSkipsMissingValuesAndIsNaNWhenNoneIsLeft() {
        assertThat(Stats.median(Arrays.asList(Double.NaN, 10.0, 30.0))).isEqualTo(20.0);
        assertThat(Stats.median(List.of(Double.NaN))).isNaN();
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void ratioIsNaNWithoutAPositiveFiniteBaseline() {
        assertThat(Stats.ratio(90, 100)).isEqualTo(0.9);
        assertThat(Stats.ratio(90, 0)).isNaN();
        assertThat(Stats.ratio(90, Double.NaN)).isNaN();
        assertThat(Stats.ratio(Double.NaN, 100)).isNaN();
    }
}
