package dev.warren.api;

import dev.warren.common.ProblemException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

    private static Page<String> page(String limit, String cursor) {
        return Page.of(NAMES, Function.identity(), limit, cursor);
    }

    @Test
    void limitDefaultsToFifty() {
        assertEquals(50, Page.limit(null), "no ?limit=");
        assertEquals(50, Page.limit(""), "an empty ?limit=");
    }

    @Test
    void limitAcceptsOneToAThousand() {
        assertEquals(1, Page.limit("1"), "the smallest page");
        assertEquals(1000, Page.limit("1000"), "the largest page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "abc", "1.5", " 5", "99999999999"})
    void limitOutsideTheRangeIsA400NamingLimit(String limit) {
        ProblemException e = assertThrows(ProblemException.class, () -> Page.limit(limit), "limit '" + limit + "'");
        assertEquals(400, e.problem().status(), "status for limit '" + limit + "'");
        assertEquals("limit", e.problem().errors().get(0).field(), "the field at fault");
    }

    @Test
    void aListThatFitsHasNoNextCursor() {
        Page<String> page = page(null, null);
        assertEquals(NAMES, page.items(), "every item");
        assertNull(page.next(), "nothing more to fetch");
    }

    @Test
    void walksTheListPageByPage() {
        Page<String> first = page("2", null);
        assertEquals(List.of("a", "b"), first.items(), "first page");
        assertEquals("b", first.next(), "the cursor is the last item's key");

        Page<String> second = page("2", first.next());
        assertEquals(List.of("c", "d"), second.items(), "second page");
        assertEquals("d", second.next(), "second cursor");

        Page<String> third = page("2", second.next());
        assertEquals(List.of("e"), third.items(), "last page");
        assertNull(third.next(), "no cursor after the last page");
    }

    @Test
    void aPageThatEndsExactlyAtTheListsEndHasNoNextCursor() {
        Page<String> page = page("2", "c");
        assertEquals(List.of("d", "e"), page.items(), "the last two");
        assertNull(page.next(), "nothing after them");
    }

    @Test
    void aCursorThatIsNoLongerInTheListStillContinuesAfterIt() {
        assertEquals(List.of("c", "d", "e"), page(null, "bb").items(), "items after a deleted key");
        assertEquals(List.of("a", "b", "c", "d", "e"), page(null, "").items(), "an empty cursor is the start");
    }

    @Test
    void aCursorPastTheEndGivesAnEmptyPage() {
        Page<String> page = page("2", "z");
        assertEquals(List.of(), page.items(), "nothing after z");
        assertNull(page.next(), "no cursor");
    }

    @Test
    void aBadLimitIsRefusedEvenWithACursor() {
        assertThrows(ProblemException.class, () -> page("0", "a"), "limit 0 with a cursor");
    }
}
