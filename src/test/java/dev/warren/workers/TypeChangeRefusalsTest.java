package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which groups could not take their type's latest definition, and the reason each view shows. */
class TypeChangeRefusalsTest {

    private final TypeChangeRefusals refusals = new TypeChangeRefusals();

    @Test
    void warrensOwnReasonsAreShownFieldByField() {
        refusals.refused("orders", "mytype", ProblemException.invalid(List.of(
                new FieldError("color", "worker type 'mytype' needs the template parameter 'color'"),
                new FieldError("parameters.scheme", "is not a parameter of worker type 'mytype'; it takes []"))));

        assertEquals(Optional.of("color: worker type 'mytype' needs the template parameter 'color'; parameters.scheme: is"
                + " not a parameter of worker type 'mytype'; it takes []"), refusals.of("orders", "mytype"));
    }

    @Test
    void camelsReasonsStayInTheLogSinceTheyMayQuoteTheGroupsValues() {
        refusals.refused("orders", "mytype", new IllegalArgumentException("Failed to resolve endpoint: http://s3cret@host"));

        assertEquals(Optional.of("its route cannot be made with the group's values (see warren's log)"),
                refusals.of("orders", "mytype"));
    }

    @Test
    void aRefusalIsListedUnderItsTypeUntilCleared() {
        refusals.refused("b", "mytype", ProblemException.invalid("color", "needed"));
        refusals.refused("a", "mytype", ProblemException.invalid("color", "needed"));
        refusals.refused("c", "other", ProblemException.invalid("color", "needed"));

        assertEquals(List.of("a", "b"), refusals.ofType("mytype").stream().map(TypeChangeRefusals.GroupRefusal::queue).toList());
        assertEquals(Optional.empty(), refusals.of("a", "other"), "a group of another type now shows nothing");

        refusals.cleared("a");
        assertEquals(List.of("b"), refusals.ofType("mytype").stream().map(TypeChangeRefusals.GroupRefusal::queue).toList());
    }
}
