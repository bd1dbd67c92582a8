package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code *_set_application_data_release} family (libESMTP §1.6): the old release is called on
 * the old data when it is replaced, even by the same object, and every current release is called
 * once when the session is closed.
 */
class ApplicationDataTest {

    private final List<Object> released = new ArrayList<>();
    private final Consumer<Object> release = released::add;
    private Session session;

    @BeforeEach
    void setUp() {
        session = FakeEngineProvider.newSession();
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void replacingReleasesTheOldData() {
        session.setApplicationData("first", release);
        assertEquals("first", session.applicationData());
        assertEquals(List.of(), released);

        session.setApplicationData("second", release);
        assertEquals(List.of("first"), released);
        assertEquals("second", session.applicationData());
    }

    @Test
    void settingTheSameObjectAgainReleasesIt() {
        Object data = new Object();
        session.setApplicationData(data, release);
        session.setApplicationData(data, release);
        assertEquals(1, released.size());
        assertSame(data, released.get(0));
        assertSame(data, session.applicationData());
    }

    @Test
    void theOldReleaseIsTheOneCalled() {
        List<Object> other = new ArrayList<>();
        session.setApplicationData("first", release);
        session.setApplicationData("second", other::add);
        assertEquals(List.of("first"), released);
        assertEquals(List.of(), other);
        session.close();
        assertEquals(List.of("second"), other);
    }

    @Test
    void nothingIsReleasedWithoutDataOrWithoutCallback() {
        session.setApplicationData(null, release);
        session.setApplicationData("no callback", null);
        session.setApplicationData("kept", release);
        assertEquals(List.of(), released);
        session.setApplicationData(null, null);
        assertEquals(List.of("kept"), released);
        assertNull(session.applicationData());
        session.close();
        assertEquals(List.of("kept"), released);
    }

    @Test
    void closeReleasesSessionMessageRecipientAndNodeDataOnceEach() {
        Message message = session.addMessage();
        Recipient recipient = message.addRecipient("rcpt@example.org");
        EtrnNode node = session.addEtrnNode("example.net", EtrnNode.Option.DOMAIN);
        session.setApplicationData("session", release);
        message.setApplicationData("message", release);
        recipient.setApplicationData("recipient", release);
        node.setApplicationData("node", release);
        assertEquals("message", message.applicationData());
        assertEquals("recipient", recipient.applicationData());
        assertEquals("node", node.applicationData());

        session.close();
        assertEquals(4, released.size(), released.toString());
        assertEquals(List.of("message", "node", "recipient", "session"), released.stream().map(String.class::cast).sorted().toList());

        session.close();
        assertEquals(4, released.size(), "closing twice must not release again");
    }

    @Test
    void closeAlsoClosesTheDriverAndTheContentSourcesOnce() {
        int[] sourceCloses = new int[1];
        Message message = session.addMessage();
        message.setMessageSource(new MessageSource() {
            @Override
            public void rewind() {
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return -1;
            }

            @Override
            public void close() {
                sourceCloses[0]++;
            }
        });
        FakeDriver driver = FakeEngineProvider.driverOf(session);
        session.close();
        session.close();
        assertEquals(1, driver.closes());
        assertEquals(1, sourceCloses[0]);
    }
}
