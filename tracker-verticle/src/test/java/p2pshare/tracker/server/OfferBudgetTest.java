package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OfferBudgetTest {

  @Test
  void aPeerUseReplacesItsPreviousOneAndShrinkingIsNeverRefused() {
    OfferBudget budget = new OfferBudget(new OfferBudget.Limits(10, 100, 15, 1000));
    assertNull(budget.set("a", "10.0.0.1", 8, 80));
    assertNull(budget.set("a", "10.0.0.1", 10, 100), "its own previous use does not count twice");
    assertTrue(budget.set("b", "10.0.0.1", 1, 0).contains("maxFilesPerAddress"));
    assertNull(budget.set("b", "10.0.0.2", 5, 0));
    assertTrue(budget.set("c", "10.0.0.3", 1, 0).contains("maxFiles"), "15 in all");
    assertNull(budget.set("a", "10.0.0.1", 2, 120 - 100), "less of both");
    assertEquals(7, budget.offers());
    budget.drop("a");
    budget.drop("b");
    budget.drop("never");
    assertEquals(0, budget.offers());
    assertEquals(0, budget.nameBytes());
  }

  @Test
  void utf8LengthCountsAsTheEncoderDoes() {
    for (String s : new String[] {"", "plain.txt", "é", "漢字.mkv", "😀x", "\ud800broken", "x\udc00"}) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, OfferBudget.utf8Length(s), s);
    }
  }
}
