package dev.warren.api;

import dev.warren.common.ProblemException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(Cursor.of("b"), first.next(), "the cursor stands for the last item's key");

        Page<String> second = page("2", first.next());
        assertEquals(List.of("c", "d"), second.items(), "second page");
        assertEquals(Cursor.of("d"), second.next(), "second cursor");

        Page<String> third = page("2", second.next());
        assertEquals(List.of("e"), third.items(), "last page");
        assertNull(third.next(), "no cursor after the last page");
    }

    @Test
    void aPageThatEndsExactlyAtTheListsEndHasNoNextCursor() {
        Page<String> page = page("2", Cursor.of("c"));
        assertEquals(List.of("d", "e"), page.items(), "the last two");
        assertNull(page.next(), "nothing after them");
    }

    @Test
    void aCursorThatIsNoLongerInTheListStillContinuesAfterIt() {
        assertEquals(List.of("c", "d", "e"), page(null, Cursor.of("bb")).items(), "items after a deleted key");
        assertEquals(List.of("a", "b", "c", "d", "e"), page(null, "").items(), "an empty cursor is the start");
    }

    @Test
    void aCursorPastTheEndGivesAnEmptyPage() {
        Page<String> page = page("2", Cursor.of("z"));
        assertEquals(List.of(), page.items(), "nothing after z");
        assertNull(page.next(), "no cursor");
    }

    @Test
    void aBadLimitIsRefusedEvenWithACursor() {
        assertThrows(ProblemException.class, () -> page("0", Cursor.of("a")), "limit 0 with a cursor");
    }

    @Test
    void walksAListInTheOrderOfItsKeysWhateverOrderItCameIn() {
        // the order of a PostgreSQL database with an ICU en-US collation, which ignores case and punctuation first
        List<String> names = List.of("a_c", "a-b", "ab", "alpha", "Zeta");
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            Page<String> page = Page.of(names, Function.identity(), "1", cursor);
            walked.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        assertEquals(List.of("Zeta", "a-b", "a_c", "ab", "alpha"), walked, "every name once, in String order");
    }

    @Test
    void aCursorIsAUrlSafeTokenOfAnyKey() {
        for (String key : List.of("q2\u0000k\u0000{\"a\":\"1\"}", "127.0.0.1:5678 -> 127.0.0.1:5672", "ü😀", "a")) {
            String cursor = Cursor.of(key);
            assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe: " + cursor);
            assertEquals(key, Cursor.key(cursor), "read back");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {" garbage!", "a", "zzz", "YQ=", "YQ==", "%00", "_w", "b c"})
    void aCursorTheApiDidNotGiveOutIsA400NamingCursor(String cursor) {
        ProblemException e = assertThrows(ProblemException.class, () -> page(null, cursor), "cursor '" + cursor + "'");
        assertEquals(400, e.problem().status(), "status for cursor '" + cursor + "'");
        assertEquals("cursor", e.problem().errors().get(0).field(), "the field at fault");
    }

    @Test
    void aPositionIsAPositiveWholeNumberAsTheApiWritesIt() {
        assertEquals(1L, Cursor.position("cursor", "1"), "the oldest item's position");
        assertEquals(999_999_999L, Cursor.position("cursor", "999999999"), "a position with no item (deleted) still counts");
        assertEquals(Long.MAX_VALUE, Cursor.position("cursor", String.valueOf(Long.MAX_VALUE)), "the largest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "+5", "05", " 5", "5.0", "abc", "9223372036854775808", "99999999999999999999"})
    void aPositionOfAnotherShapeIsA400NamingTheParameter(String cursor) {
        ProblemException e = assertThrows(ProblemException.class, () -> Cursor.position("before", cursor), cursor);
        assertEquals(400, e.problem().status(), "status for '" + cursor + "'");
        assertEquals("before", e.problem().errors().get(0).field(), "the parameter at fault");
    }
}
