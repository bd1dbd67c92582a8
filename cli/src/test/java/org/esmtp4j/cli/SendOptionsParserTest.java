package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.esmtp4j.BodyType;
import org.esmtp4j.ByMode;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Notify;
import org.esmtp4j.Timeout;
import org.esmtp4j.StartTlsMode;
import org.junit.jupiter.api.Test;

class SendOptionsParserTest {

    private static SendOptions parse(String... args) throws UsageException {
        return SendOptionsParser.parse(args);
    }

    private static UsageException refused(String... args) {
        return assertThrows(UsageException.class, () -> SendOptionsParser.parse(args));
    }

    @Test
    void theMinimalCommandLineTakesTheDefaults() throws UsageException {
        SendOptions o = parse("msg.eml", "b@example.org");
        assertEquals("localhost:587", o.host);
        assertNull(o.from);
        assertEquals("msg.eml", o.file);
        assertEquals(List.of("b@example.org"), o.mailboxes);
        assertFalse(o.json);
        assertFalse(o.readsStandardInput());
        assertNull(o.engine);
    }

    @Test
    void everyMessageOptionIsRead() throws UsageException {
        SendOptions o = parse("-h", "mx:2525", "-f", "a@example.org", "--hostname", "client.example", "-s", "Hi",
                "--to", "t1@example.org", "--to", "t2@example.org", "--cc", "c@example.org", "--bcc", "x@example.org",
                "-n", "success,delay", "--ret", "hdrs", "--envid", "ID1", "--orcpt", "rfc822;o@example.org",
                "--body", "8BITMIME", "--size", "1234", "--deliver-by", "60:return:trace", "--etrn", "@example.net",
                "--etrn", "example.com", "--require-all", "--timeout", "greeting=2000", "--timeout", "data2=1500",
                "--engine", "java", "-m", "--json", "--verbose", "-", "b@example.org", "c@example.org");
        assertEquals("mx:2525", o.host);
        assertEquals("a@example.org", o.from);
        assertEquals("client.example", o.hostname);
        assertEquals("Hi", o.subject);
        assertEquals(List.of("t1@example.org", "t2@example.org"), o.toHeaders);
        assertEquals(List.of("c@example.org"), o.ccHeaders);
        assertEquals(List.of("x@example.org"), o.bccHeaders);
        assertEquals(EnumSet.of(Notify.SUCCESS, Notify.DELAY), o.notify);
        assertEquals(DsnReturn.HEADERS, o.ret);
        assertEquals("ID1", o.envid);
        assertEquals(new SendOptions.Orcpt("rfc822", "o@example.org"), o.orcpt);
        assertEquals(BodyType.EIGHT_BIT_MIME, o.body);
        assertEquals(1234L, o.sizeEstimate);
        assertEquals(new SendOptions.DeliverBy(60, ByMode.RETURN, true), o.deliverBy);
        assertEquals(List.of(new SendOptions.Etrn(EtrnNode.Option.SUBDOMAINS, "example.net"),
                new SendOptions.Etrn(EtrnNode.Option.DOMAIN, "example.com")), o.etrn);
        assertTrue(o.requireAll);
        assertEquals(Map.of(Timeout.GREETING, Duration.ofMillis(2000), Timeout.DATA2, Duration.ofMillis(1500)), o.timeouts);
        assertEquals("java", o.engine);
        assertTrue(o.monitor && o.json && o.verbose);
        assertTrue(o.readsStandardInput());
        assertEquals(List.of("b@example.org", "c@example.org"), o.mailboxes);
    }

    @Test
    void notifyIsNeverOrACommaList() {
        assertEquals(EnumSet.of(Notify.NEVER), SendOptionsParser.notify("never"));
        assertEquals(EnumSet.of(Notify.FAILURE), SendOptionsParser.notify("FAILURE"));
        assertEquals(EnumSet.of(Notify.SUCCESS, Notify.FAILURE, Notify.DELAY), SendOptionsParser.notify("delay,success,failure"));
        assertThrows(IllegalArgumentException.class, () -> SendOptionsParser.notify("never,success"));
        assertThrows(IllegalArgumentException.class, () -> SendOptionsParser.notify("success,"));
        assertThrows(IllegalArgumentException.class, () -> SendOptionsParser.notify("always"));
    }

    @Test
    void deliverByDefaultsToNotifyAndAcceptsTraceAlone() {
        assertEquals(new SendOptions.DeliverBy(30, ByMode.NOTIFY, false), SendOptionsParser.deliverBy("30"));
        assertEquals(new SendOptions.DeliverBy(-5, ByMode.NOTIFY, true), SendOptionsParser.deliverBy("-5:trace"));
        assertEquals(new SendOptions.DeliverBy(30, ByMode.NOTIFY, false), SendOptionsParser.deliverBy("30:notify"));
        for (String bad : new String[] {"", "x", "30:trace:notify", "30:return:return", "30:notify:trace:trace", "30:"}) {
            assertThrows(IllegalArgumentException.class, () -> SendOptionsParser.deliverBy(bad), bad);
        }
    }

    @Test
    void orcptNeedsATypeAndAnAddress() {
        assertEquals(new SendOptions.Orcpt("rfc822", "a;b@example.org"), SendOptionsParser.orcpt("rfc822;a;b@example.org"));
        for (String bad : new String[] {"rfc822", ";a@example.org", "rfc822;"}) {
            assertThrows(IllegalArgumentException.class, () -> SendOptionsParser.orcpt(bad), bad);
        }
    }

    @Test
    void badValuesNameTheOptionAndTheExpectedForm() {
        assertTrue(refused("--timeout", "hello=5", "f", "b@x").getMessage().contains("greeting, envelope, data, transfer or data2"));
        assertTrue(refused("--timeout", "data=0", "f", "b@x").getMessage().contains("positive"));
        assertTrue(refused("--timeout", "data", "f", "b@x").getMessage().contains("PHASE=MS"));
        assertTrue(refused("--size", "-1", "f", "b@x").getMessage().contains("negative"));
        assertTrue(refused("--size", "12k", "f", "b@x").getMessage().startsWith("--size \"12k\": "));
        assertTrue(refused("--ret", "all", "f", "b@x").getMessage().contains("full or hdrs"));
        assertTrue(refused("--body", "utf8", "f", "b@x").getMessage().contains("7bit, 8bitmime or binarymime"));
    }

    @Test
    void aSingleValuedOptionGivenTwiceIsRefused() {
        UsageException e = refused("-f", "a@example.org", "--from", "b@example.org", "f", "b@x");
        assertEquals("option --from given more than once", e.getMessage());
    }

    @Test
    void operandsAreRequiredUnlessOnlyEtrnIsAsked() throws UsageException {
        assertTrue(refused().getMessage().contains("missing FILE and MAILBOX"));
        assertTrue(refused("msg.eml").getMessage().contains("missing MAILBOX"));
        SendOptions etrnOnly = parse("--etrn", "example.org");
        assertNull(etrnOnly.file);
        assertEquals(List.of(), etrnOnly.mailboxes);
    }

    @Test
    void helpAndVersionNeedNoOperands() throws UsageException {
        assertTrue(parse("--help").help);
        assertTrue(parse("--version").version);
    }

    @Test
    void theRefusalRemembersWhetherJsonWasAsked() {
        assertTrue(refused("--bogus", "--json").jsonRequested());
        assertFalse(refused("--bogus").jsonRequested());
    }

    @Test
    void tlsAndAuthOptionsAreParsedWithTheirValues() throws UsageException {
        SendOptions o = parse("-t", "-T", "--smtps", "--cafile", "pom.xml", "-u", "alice",
                "--password-file", "pw", "--mechanisms", "scram-sha-256, PLAIN,plain", "--allow-plaintext-auth", "f", "b@x");
        assertEquals(StartTlsMode.REQUIRED, o.startTls, "-T wins over -t");
        assertTrue(o.implicitTls);
        assertEquals("pom.xml", o.caFile);
        assertEquals("alice", o.user);
        assertEquals("pw", o.passwordFile);
        assertEquals(List.of("SCRAM-SHA-256", "PLAIN"), o.mechanisms);
        assertTrue(o.allowPlaintextAuth);
        assertEquals("f", o.file, "the values of TLS options are not taken for operands");
        assertEquals(StartTlsMode.ENABLED, parse("-t", "f", "b@x").startTls);
        assertNull(parse("f", "b@x").startTls);
    }

    @Test
    void tlsAndAuthCombinationsThatCannotWorkAreRefused() {
        assertTrue(refused("--insecure", "f", "b@x").getMessage().contains("--insecure needs TLS: add -t, -T or --smtps"));
        assertTrue(refused("-t", "--insecure", "--cafile", "pom.xml", "f", "b@x").getMessage()
                .contains("--cafile and --insecure cannot be combined"));
        assertTrue(refused("-t", "--cafile", "no-such-ca.pem", "f", "b@x").getMessage()
                .contains("--cafile \"no-such-ca.pem\": the file cannot be read"));
        assertTrue(refused("-u", "alice", "f", "b@x").getMessage().contains("-u needs --password-file FILE"));
        assertTrue(refused("--password-file", "pw", "f", "b@x").getMessage().contains("need -u NAME"));
        assertTrue(refused("-u", "al\u0001ice", "--password-file", "pw", "f", "b@x").getMessage().contains("control character"));
        assertTrue(refused("-u", "alice", "--password-file", "pw", "--mechanisms", "PLAIN,,LOGIN", "f", "b@x").getMessage()
                .contains("SASL mechanism names"));
    }

    @Test
    void generatedToAndExplicitToCannotBeCombined() {
        assertTrue(refused("--gen-to", "--to", "a@example.org", "f", "b@x").getMessage().contains("--gen-to and --to"));
    }

    @Test
    void theHelpListsEveryOption() {
        String help = SendOptionsParser.help();
        for (OptionSpec spec : SendOptionsParser.OPTIONS) {
            assertTrue(help.contains(spec.synopsis()), spec.synopsis());
        }
    }
}
