package org.esmtp4j.cli;

import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;

/**
 * Runs in a child JVM with the library modules on the module path (this class on the class
 * path): lists the engines found as services and sends one message through each.
 */
public final class ModulePathProbe {

    private ModulePathProbe() {
    }

    /**
     * @param args the server as host:port
     */
    public static void main(String[] args) {
        System.out.println("facade module " + Smtp.class.getModule().getName());
        for (String name : Smtp.engineNames()) {
            if (!Smtp.isAvailable(name)) {
                System.out.println("engine " + name + " unavailable: " + Smtp.unavailableReason(name));
                continue;
            }
            try (Session s = Smtp.engine(name).createSession()) {
                s.setServer(args[0]);
                s.setHostname("client.example");
                s.setMonitor((b, o, l, d) -> { }, true);
                Message m = s.addMessage();
                m.setReversePath("a@example.org");
                m.setMessageSource(MessageSource.of("Subject: module path " + name + "\r\n\r\nhi\r\n"));
                Recipient r = m.addRecipient("b@example.org");
                s.start();
                System.out.println("engine " + name + " outcome " + r.outcome());
            }
        }
    }
}
