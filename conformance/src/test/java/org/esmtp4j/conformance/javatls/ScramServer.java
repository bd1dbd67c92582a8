package org.esmtp4j.conformance.javatls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A one-connection SMTP server whose AUTH is the server side of SCRAM-SHA-256 (RFC 5802), for
 * testing the client against a peer that really computes the proofs (a script cannot: the client
 * nonce is random). It derives the salted password with the JDK's PBKDF2, independently of the
 * client's code. With {@code honest} false it sends a server signature that does not verify.
 */
final class ScramServer implements AutoCloseable {

    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final int ITERATIONS = 4096;

    private final ServerSocket listener;
    private final String user;
    private final String password;
    private final boolean honest;
    private final StringBuffer log = new StringBuffer();
    private final Thread thread;

    ScramServer(String user, String password, boolean honest) throws IOException {
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.user = user;
        this.password = password;
        this.honest = honest;
        this.thread = new Thread(this::serve, "scram-server");
        thread.setDaemon(true);
        thread.start();
    }

    String hostPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** The lines the client sent, one per line. */
    String log() {
        return log.toString();
    }

    private void serve() {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            send(out, "220 scram.example");
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                log.append(line).append('\n');
                if (line.startsWith("EHLO")) {
                    send(out, "250-scram.example\r\n250 AUTH SCRAM-SHA-256");
                } else if (line.startsWith("AUTH SCRAM-SHA-256 ")) {
                    authenticate(line.substring(19), in, out);
                } else if (line.equals("DATA")) {
                    send(out, "354 go");
                    while (!".".equals(in.readLine())) {
                        // the message
                    }
                    send(out, "250 queued");
                } else if (line.equals("QUIT")) {
                    send(out, "221 bye");
                    return;
                } else {
                    send(out, "250 ok");
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            log.append("server error: ").append(e).append('\n');
        }
    }

    private void authenticate(String initial, BufferedReader in, OutputStream out)
            throws IOException, GeneralSecurityException {
        String clientFirst = new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8);
        String clientFirstBare = clientFirst.substring(3);
        String clientNonce = clientFirstBare.substring(clientFirstBare.indexOf(",r=") + 3);
        if (!clientFirst.startsWith("n,,n=" + user + ",")) {
            send(out, "535 unknown user");
            return;
        }
        String nonce = clientNonce + "server-part";
        String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(SALT) + ",i=" + ITERATIONS;
        send(out, "334 " + b64(serverFirst));
        String clientFinal = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8);
        String withoutProof = clientFinal.substring(0, clientFinal.indexOf(",p="));
        byte[] proof = Base64.getDecoder().decode(clientFinal.substring(clientFinal.indexOf(",p=") + 3));
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), SALT, ITERATIONS, 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] recovered = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            recovered[i] = (byte) (proof[i] ^ signature[i]);
        }
        if (!withoutProof.equals("c=biws,r=" + nonce)
                || !MessageDigest.isEqual(storedKey, MessageDigest.getInstance("SHA-256").digest(recovered))) {
            send(out, "535 5.7.8 proof does not verify");
            return;
        }
        byte[] serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        if (!honest) {
            serverSignature[0] ^= 1;
        }
        send(out, "334 " + b64("v=" + Base64.getEncoder().encodeToString(serverSignature)));
        String empty = in.readLine();
        log.append(empty).append('\n');
        if ("*".equals(empty)) {
            send(out, "501 cancelled");
        } else {
            send(out, "235 2.7.0 authenticated");
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        thread.join(2000);
    }
}
