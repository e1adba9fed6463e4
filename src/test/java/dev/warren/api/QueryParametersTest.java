package dev.warren.api;

import dev.warren.common.Problem;
import dev.warren.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which query strings an operation takes, and what a 400 about one says. */
class QueryParametersTest {

    private static final QueryParameters JOBS = QueryParameters.strict(new LinkedHashSet<>(List.of("queue", "status", "limit")));

    private static List<Problem.FieldError> refused(QueryParameters parameters, String query) {
        ProblemException refused = assertThrows(ProblemException.class, () -> parameters.read(query), query);
        assertEquals(400, refused.problem().status());
        return refused.problem().errors();
    }

    @Test
    void declaredParametersAreDecodedAndAnEmptyQueryGivesNone() {
        assertEquals(Map.of("queue", "a b", "status", "failed", "limit", ""), JOBS.read("queue=a+b&status=failed&limit"));
        assertEquals(Map.of("queue", "{{env:HOME}}"), JOBS.read("queue=%7B%7Benv%3AHOME%7D%7D&"));
        assertEquals(Map.of(), JOBS.read(null));
        assertEquals(Map.of(), JOBS.read(""));
    }

    @Test
    void aMisspeltFilterIsRefusedAndTheAnswerNamesWhatTheOperationTakes() {
        List<Problem.FieldError> errors = refused(JOBS, "stauts=failed");
        assertEquals(List.of(new Problem.FieldError("stauts",
                "is not a query parameter of this operation; it takes queue, status, limit")), errors);
        assertEquals("which takes none", refused(QueryParameters.strict(Set.of()), "limit=5").get(0).message()
                .replaceAll(".*, ", ""));
    }

    @Test
    void aParameterGivenTwiceIsRefusedRatherThanOneOfItsValuesChosen() {
        assertEquals(List.of(new Problem.FieldError("queue", "is given more than once")),
                refused(JOBS, "queue=a&queue=b&queue=c"));
    }

    @Test
    void everyProblemOfTheQueryIsNamedAtOnce() {
        List<Problem.FieldError> errors = refused(JOBS, "cursor=x&status=a&status=b");
        assertEquals(List.of("cursor", "status"), errors.stream().map(Problem.FieldError::field).toList());
    }

    @Test
    void brokenPercentEncodingIsABadRequest() {
        ProblemException refused = assertThrows(ProblemException.class, () -> JOBS.read("queue=%zz"));
        assertEquals(400, refused.problem().status());
        assertTrue(refused.problem().detail().contains("URL encoding"), refused.problem().detail());
    }

    @Test
    void theCompatibilityApiIgnoresParametersItDoesNotTakeAsFlaskDid() {
        assertEquals(Map.of(), QueryParameters.lenient(Set.of()).read("_=1700000000&debug"));
    }
}
