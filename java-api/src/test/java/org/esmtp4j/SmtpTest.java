package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Engine discovery and choice. Only the test engines are on this module's class path: the fake
 * engine and an unavailable one that the default choice prefers but must skip.
 */
class SmtpTest {

    private String savedProperty;

    @BeforeEach
    void saveProperty() {
        savedProperty = System.getProperty(Smtp.ENGINE_PROPERTY);
        System.clearProperty(Smtp.ENGINE_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(Smtp.ENGINE_PROPERTY);
        } else {
            System.setProperty(Smtp.ENGINE_PROPERTY, savedProperty);
        }
    }

    @Test
    void enginesAreListedInOrderOfPreference() {
        assertEquals(java.util.List.of(UnavailableEngineProvider.NAME, FakeEngineProvider.NAME), Smtp.engineNames());
    }

    @Test
    void engineByName() {
        SmtpEngine engine = Smtp.engine(FakeEngineProvider.NAME);
        assertEquals(FakeEngineProvider.NAME, engine.name());
        assertEquals(FakeEngineProvider.VERSION, engine.version());
        try (Session session = engine.createSession()) {
            assertSame(engine, session.engine());
            assertTrue(FakeEngineProvider.driverOf(session) != null);
        }
    }

    @Test
    void unknownEngineIsRefusedListingTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Smtp.engine("nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertTrue(e.getMessage().contains(FakeEngineProvider.NAME), e.getMessage());
        assertTrue(e.getMessage().contains(UnavailableEngineProvider.NAME), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Smtp.unavailableReason("nope"));
    }

    @Test
    void unavailableEngineIsRefusedWithItsReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Smtp.engine(UnavailableEngineProvider.NAME));
        assertTrue(e.getMessage().contains(UnavailableEngineProvider.REASON), e.getMessage());
        assertFalse(Smtp.isAvailable(UnavailableEngineProvider.NAME));
        assertEquals(UnavailableEngineProvider.REASON, Smtp.unavailableReason(UnavailableEngineProvider.NAME));
        assertTrue(Smtp.isAvailable(FakeEngineProvider.NAME));
        assertEquals("", Smtp.unavailableReason(FakeEngineProvider.NAME));
        assertFalse(Smtp.isAvailable("nope"));
    }

    @Test
    void defaultChoiceSkipsTheUnavailableEngineAndSaysWhy() {
        EngineChoice choice = Smtp.engineChoice();
        assertEquals(FakeEngineProvider.NAME, choice.engine().name());
        assertFalse(choice.reason().isBlank());
        assertTrue(choice.reason().contains(UnavailableEngineProvider.REASON), choice.reason());
        assertEquals(FakeEngineProvider.NAME, Smtp.engine().name());
    }

    @Test
    void systemPropertyNamesTheEngine() {
        System.setProperty(Smtp.ENGINE_PROPERTY, " " + FakeEngineProvider.NAME + " ");
        EngineChoice choice = Smtp.engineChoice();
        assertEquals(FakeEngineProvider.NAME, choice.engine().name());
        assertTrue(choice.reason().contains(Smtp.ENGINE_PROPERTY), choice.reason());
    }

    @Test
    void systemPropertyNamingAnUnknownEngineFails() {
        System.setProperty(Smtp.ENGINE_PROPERTY, "nope");
        assertThrows(IllegalArgumentException.class, Smtp::engineChoice);
        assertThrows(IllegalArgumentException.class, () -> Smtp.engine());
    }

    @Test
    void systemPropertyNamingAnUnavailableEngineFails() {
        System.setProperty(Smtp.ENGINE_PROPERTY, UnavailableEngineProvider.NAME);
        assertThrows(IllegalStateException.class, Smtp::engineChoice);
    }

    @Test
    void blankSystemPropertyIsIgnored() {
        System.setProperty(Smtp.ENGINE_PROPERTY, "  ");
        assertEquals(FakeEngineProvider.NAME, Smtp.engineChoice().engine().name());
    }
}
