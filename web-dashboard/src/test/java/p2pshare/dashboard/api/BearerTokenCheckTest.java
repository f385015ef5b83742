package p2pshare.dashboard.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BearerTokenCheckTest {
  private final BearerTokenCheck check = new BearerTokenCheck("s3cret");

  @Test
  void matchesOnlyTheExactBearerToken() {
    assertTrue(check.matches("Bearer s3cret"));
    assertTrue(check.matches("bearer s3cret"));
    assertFalse(check.matches(null));
    assertFalse(check.matches(""));
    assertFalse(check.matches("s3cret"));
    assertFalse(check.matches("Bearer "));
    assertFalse(check.matches("Bearer s3cre"));
    assertFalse(check.matches("Bearer s3cret2"));
    assertFalse(check.matches("Basic s3cret"));
  }
}
