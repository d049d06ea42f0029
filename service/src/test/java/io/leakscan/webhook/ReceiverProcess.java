package io.leakscan.webhook;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver in an OS process of its own, so a test can kill it with SIGKILL the way a receiver host dies:
 * {@code ReceiverProcess <port> <answer>...} binds 127.0.0.1:port (0 = any), prints {@code READY <port>}, and answers
 * the n-th request with the n-th answer (a status code, or {@code hold}: take the request and never answer), the last
 * one repeating. Every request is printed as {@code REQ <n> <webhook-id> <delivery id> <sha-256 of the body>} before it
 * is answered, so the parent sees what arrived even when it kills the process mid-request.
 */
final class ReceiverProcess {

    private ReceiverProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> answers = List.of(args).subList(1, args.length);
        AtomicInteger count = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int n = count.incrementAndGet();
            String answer = answers.isEmpty() ? "200" : answers.get(Math.min(n, answers.size()) - 1);
            synchronized (System.out) {
                System.out.println("REQ " + n + " " + exchange.getRequestHeaders().getFirst("webhook-id") + " "
                        + exchange.getRequestHeaders().getFirst("Leakscan-Delivery-Id") + " " + sha256(body));
                System.out.flush();
            }
            if (answer.equals("hold")) {
                return; // the connection stays open, unanswered, until the process dies
            }
            byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL, or the parent's destroy
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
