package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", JsonWriter.quote("say \"hi\" \\ bye"));
    }

    @Test
    void everyControlCharacterIsEscaped() {
        for (char c = 0; c < 0x20; c++) {
            String quoted = JsonWriter.quote("a" + c + "b");
            String expected = switch (c) {
                case '\b' -> "\\b";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\f' -> "\\f";
                case '\r' -> "\\r";
                default -> String.format("\\u%04x", (int) c);
            };
            assertEquals("\"a" + expected + "b\"", quoted, "character " + (int) c);
        }
    }

    @Test
    void delAndJavascriptLineSeparatorsAreEscaped() {
        assertEquals("\"\\u007f\\u2028\\u2029\"", JsonWriter.quote("\u007f\u2028\u2029"));
    }

    @Test
    void nonAsciiAndSurrogatePairsPassThrough() {
        String text = "Grüße 東京 \uD83D\uDCE7";
        assertEquals("\"" + text + "\"", JsonWriter.quote(text));
    }

    @Test
    void unpairedSurrogatesAreEscapedSoTheOutputEncodesAsUtf8() throws CharacterCodingException {
        String quoted = JsonWriter.quote("x\uD83Dy\uDCE7z\uD83D");
        assertEquals("\"x\\ud83dy\\udce7z\\ud83d\"", quoted);
        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .encode(java.nio.CharBuffer.wrap(quoted)); // throws if anything unencodable remained
    }

    @Test
    void randomStringsRoundTripThroughAStrictParser() {
        Random random = new Random(42);
        for (int n = 0; n < 2000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(4);
                b.append((char) switch (kind) {
                    case 0 -> random.nextInt(0x20);
                    case 1 -> 0x20 + random.nextInt(0x60);
                    case 2 -> random.nextInt(0x10000);
                    default -> "\"\\/\u2028".charAt(random.nextInt(4));
                });
            }
            String s = b.toString();
            String json = new JsonWriter().value(s).toString();
            String back = (String) MiniJson.parse(json);
            // Unpaired surrogates are escaped, so they come back as the same code units.
            assertEquals(s, back, "round trip of " + json);
        }
    }

    @Test
    void writesNestedStructuresWithCommasAndNames() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").nullValue().value(true).beginObject().endObject().endArray()
                .name("c").value((String) null)
                .name("d").scalar(-7)
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",null,true,{}],\"c\":null,\"d\":-7}", json);
        Map<String, Object> parsed = MiniJson.object(MiniJson.parse(json));
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(parsed.keySet()));
    }

    @Test
    void misuseIsRefusedInsteadOfWritingBrokenJson() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value("no name"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("x").endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
        assertThrows(IllegalArgumentException.class, () -> new JsonWriter().scalar(1.5));
    }

    @Test
    void theStrictParserRejectsRawControlCharacters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("\"a\nb\""));
        assertTrue(e.getMessage().contains("control"), e.getMessage());
    }
}
