package dev.jtrack.autolog.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RewriteBudgetTest {
    /** A 5,000-cell session, asked to rewrite after every cell, writes a bounded multiple of its final size. */
    @Test
    void aLongSessionWritesLinearlyNotQuadratically() {
        RewriteBudget budget = new RewriteBudget();
        long perCell = 1200; // bytes per cell in cells.jsonl plus notebook.ipynb
        int rewrites = 0;
        for (int cell = 1; cell <= 5000; cell++) {
            long size = cell * perCell;
            if (budget.allows(size)) {
                budget.spent(size);
                rewrites++;
            }
        }
        long finalSize = 5000 * perCell;
        budget.spent(finalSize); // the rewrite at the end of the session
        long everyCell = perCell * 5000L * 5001 / 2;
        assertTrue(budget.written() <= RewriteBudget.FACTOR * finalSize + finalSize + 16L * 1024 * 1024,
                "written " + budget.written());
        assertTrue(budget.written() < everyCell / 50, "rewriting every cell would write " + everyCell);
        assertTrue(rewrites > 100, "still rewritten regularly: " + rewrites);
    }

    @Test
    void aShortSessionIsRewrittenAfterEveryCell() {
        RewriteBudget budget = new RewriteBudget();
        for (int cell = 1; cell <= 100; cell++) {
            long size = cell * 2000L;
            assertTrue(budget.allows(size), "cell " + cell);
            budget.spent(size);
        }
    }
}
