package dev.siren.train.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalsTest {

    @Test
    void anAnswerIsARefusalWhenItsOpeningHoldsARefusalPhrase() {
        assertTrue(Refusals.opensWithRefusal("I'm sorry, but I can't help with that."));
        assertTrue(Refusals.opensWithRefusal("As an AI language model, I will not write that."));
        assertTrue(Refusals.opensWithRefusal("Well. I CANNOT do this."), "case is ignored");
        assertTrue(Refusals.opensWithRefusal("I\u2019m sorry, no."), "the typographic apostrophe too");
        assertFalse(Refusals.opensWithRefusal("Sure! First, buy a steel pipe."));
        assertFalse(Refusals.opensWithRefusal("x".repeat(Refusals.OPENING) + " I'm sorry"),
                "a phrase after the opening does not count");
        assertFalse(Refusals.opensWithRefusal(""));
    }
}
