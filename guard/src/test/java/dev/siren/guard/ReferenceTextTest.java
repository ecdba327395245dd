package dev.siren.guard;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReferenceTextTest {

    /** Python 3's str.isspace() characters: [c for c in map(chr, range(0x110000)) if c.isspace()]. */
    private static final Set<Integer> PYTHON_SPACES = Set.of(0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f,
            0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
            0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000);

    @Test
    void whitespaceIsExactlyPythons() {
        Set<Integer> found = new TreeSet<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (ReferenceText.isPythonSpace((char) c)) {
                found.add(c);
            }
        }
        assertEquals(new TreeSet<>(PYTHON_SPACES), found);
    }

    @Test
    void prepareStripsBothEndsAndTurnsEmptyIntoASpace() {
        assertEquals("a b", ReferenceText.prepare("\u00a0\t a b \n\u3000"));
        assertEquals(" ", ReferenceText.prepare(""));
        assertEquals(" ", ReferenceText.prepare(" \n\u2028"));
        assertEquals("\u200bx\u200b", ReferenceText.prepare("\u200bx\u200b")); // zero-width space is not whitespace
    }
}
