package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionParserTest {

    private static final OptionParser PARSER = new OptionParser(List.of(
            OptionSpec.valued('h', "host", "HOST", "server"),
            OptionSpec.valued("to", "ADDR", "header"),
            OptionSpec.flag('m', "monitor", "trace"),
            OptionSpec.flag('v', "verbose", "more"),
            OptionSpec.flag("json", "json")));

    private static List<String> rendered(ParsedArgs parsed) {
        return parsed.occurrences().stream()
                .map(o -> o.spec().longName() + (o.value() == null ? "" : "=" + o.value())).toList();
    }

    @Test
    void longAndShortFormsWithSeparateAndAttachedValues() {
        ParsedArgs p = PARSER.parse(new String[] {"-h", "a:1", "-hb:2", "--host", "c:3", "--host=d:4", "--to=x=y"});
        assertEquals(List.of("host=a:1", "host=b:2", "host=c:3", "host=d:4", "to=x=y"), rendered(p));
        assertEquals(List.of(), p.errors());
        assertEquals(List.of("a:1", "b:2", "c:3", "d:4"), p.values("host"));
    }

    @Test
    void bundledShortFlagsAndAValueAtTheEndOfTheBundle() {
        ParsedArgs p = PARSER.parse(new String[] {"-mv", "-mhserver"});
        assertEquals(List.of("monitor", "verbose", "monitor", "host=server"), rendered(p));
    }

    @Test
    void operandsMayBeMixedWithOptionsAndDashIsAnOperand() {
        ParsedArgs p = PARSER.parse(new String[] {"msg.eml", "-m", "-", "b@example.org", "--json"});
        assertEquals(List.of("msg.eml", "-", "b@example.org"), p.operands());
        assertTrue(p.has("monitor"));
        assertTrue(p.has("json"));
        assertFalse(p.has("verbose"));
    }

    @Test
    void doubleDashEndsTheOptions() {
        ParsedArgs p = PARSER.parse(new String[] {"-m", "--", "--json", "-x"});
        assertEquals(List.of("--json", "-x"), p.operands());
        assertFalse(p.has("json"));
        assertEquals(List.of(), p.errors());
    }

    @Test
    void aValueMayStartWithADash() {
        ParsedArgs p = PARSER.parse(new String[] {"--to", "-odd-", "-h", "--json"});
        assertEquals(List.of("to=-odd-", "host=--json"), rendered(p));
        assertFalse(p.has("json"));
    }

    @Test
    void unknownOptionsAreReportedAndParsingContinues() {
        ParsedArgs p = PARSER.parse(new String[] {"--bogus", "-x", "--json", "f"});
        assertEquals(List.of("unknown option --bogus", "unknown option -x"), p.errors());
        assertTrue(p.has("json"), "--json after an unknown option is still seen");
        assertEquals(List.of("f"), p.operands());
    }

    @Test
    void anUnknownLetterStopsItsBundle() {
        ParsedArgs p = PARSER.parse(new String[] {"-mxv"});
        assertEquals(List.of("unknown option -x"), p.errors());
        assertEquals(List.of("monitor"), rendered(p));
    }

    @Test
    void missingValuesAndValuesOnFlagsAreErrors() {
        assertEquals(List.of("option --host needs a value (HOST)"), PARSER.parse(new String[] {"--host"}).errors());
        assertEquals(List.of("option -h (--host) needs a value (HOST)"), PARSER.parse(new String[] {"-h"}).errors());
        assertEquals(List.of("option --json takes no value"), PARSER.parse(new String[] {"--json=yes"}).errors());
    }

    @Test
    void longNamesMustBeExactNotAbbreviated() {
        assertEquals(List.of("unknown option --mon"), PARSER.parse(new String[] {"--mon"}).errors());
    }

    @Test
    void duplicateNamesAreAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new OptionParser(List.of(
                OptionSpec.flag('a', "one", ""), OptionSpec.flag('a', "two", ""))));
        assertThrows(IllegalArgumentException.class, () -> new OptionParser(List.of(
                OptionSpec.flag("one", ""), OptionSpec.flag("one", ""))));
    }
}
