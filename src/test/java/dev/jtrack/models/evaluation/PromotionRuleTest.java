package dev.jtrack.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionRuleTest {
    private static final Map<String, Double> CHALLENGER = Map.of("f1_score_macro", 0.93, "log_loss", 0.2);
    private static final Map<String, Double> CHAMPION = Map.of("f1_score_macro", 0.91, "log_loss", 0.25);

    @Test
    void comparesWithTheChampionPlusAMargin() {
        assertTrue(PromotionRule.parse("f1_score_macro > champion.f1_score_macro + 0.01").holds(CHALLENGER, CHAMPION));
        assertFalse(PromotionRule.parse("f1_score_macro > champion.f1_score_macro + 0.03").holds(CHALLENGER, CHAMPION));
        assertTrue(PromotionRule.parse("challenger.log_loss <= champion.log_loss - 0.05").holds(CHALLENGER, CHAMPION));
        assertTrue(PromotionRule.parse("f1_score_macro>=0.9 and log_loss<0.3").holds(CHALLENGER, Map.of()));
        assertFalse(PromotionRule.parse("f1_score_macro >= 0.9 and log_loss < 1e-3").holds(CHALLENGER, Map.of()));
        assertTrue(PromotionRule.parse("f1_score_macro > champion.f1_score_macro").needsChampion());
        assertFalse(PromotionRule.parse("f1_score_macro > 0.5").needsChampion());
    }

    @Test
    void mistakesAreRefusedWithTheirPosition() {
        var e = assertThrows(IllegalArgumentException.class, () -> PromotionRule.parse("f1_score_macro >> 0.5"));
        assertTrue(e.getMessage().contains("character 17"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PromotionRule.parse("f1_score_macro > 0.5 or log_loss < 1"));
        assertTrue(e.getMessage().contains("expected 'and'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PromotionRule.parse("f1 > incumbent.f1"));
        assertTrue(e.getMessage().contains("champion. or challenger."), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PromotionRule.parse("f1_score_macro"));
        assertTrue(e.getMessage().contains("expected a comparison"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PromotionRule.parse("(f1 > 0.5)"));
        assertThrows(IllegalArgumentException.class, () -> PromotionRule.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> PromotionRule.parse("f1 > 1.2.3"));
    }

    @Test
    void anUnknownMetricIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PromotionRule.parse("accuracy > champion.accuracy").holds(CHALLENGER, CHAMPION));
        assertTrue(e.getMessage().contains("no metric 'accuracy'"), e.getMessage());
    }

    @Test
    void explainsBothSides() {
        assertEquals("f1_score_macro = 0.93 > champion.f1_score_macro + 0.01 = " + (0.91 + 0.01),
                PromotionRule.parse("f1_score_macro > champion.f1_score_macro + 0.01").explain(CHALLENGER, CHAMPION));
    }

    @Test
    void metricNamesWithADashGoInBackquotes() {
        Map<String, Double> challenger = Map.of("val-loss", 0.2, "f1_score_macro", 0.93);
        Map<String, Double> champion = Map.of("val-loss", 0.3);
        assertTrue(PromotionRule.parse("`val-loss` < champion.`val-loss` - 0.05").holds(challenger, champion));
        assertFalse(PromotionRule.parse("challenger.`val-loss` < champion.`val-loss`-0.15").holds(challenger, champion));
        assertTrue(PromotionRule.parse("f1_score_macro-0.03 > 0.8").holds(challenger, champion), "a bare dash still subtracts");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PromotionRule.parse("`val-loss > 0.1"));
        assertTrue(e.getMessage().contains("a closing backquote"), e.getMessage());
    }
}
