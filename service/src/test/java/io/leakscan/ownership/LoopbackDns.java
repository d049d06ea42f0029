package io.leakscan.ownership;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS server on loopback UDP that answers TXT queries from a table the test fills: the verification's DNS path
 * runs against real DNS messages without the internet. Unknown names get NXDOMAIN; {@link #failWith} makes every
 * answer an error code.
 */
public final class LoopbackDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private volatile int failure = Rcode.NOERROR;
    private final Thread server;

    public LoopbackDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = Thread.ofPlatform().daemon().name("loopback-dns").start(this::serve);
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public void txt(String name, String... values) {
        txt.put(name.endsWith(".") ? name : name + ".", List.of(values));
    }

    void clear() {
        txt.clear();
        failure = Rcode.NOERROR;
    }

    void failWith(int rcode) {
        failure = rcode;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire();
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        if (failure != Rcode.NOERROR) {
            response.getHeader().setRcode(failure);
            return response;
        }
        Name name = question.getName();
        List<String> values = txt.get(name.toString());
        if (values == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (question.getType() == Type.TXT) {
            for (String value : values) {
                response.addRecord(new TXTRecord(name, DClass.IN, 60, value), Section.ANSWER);
            }
        }
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        server.join(2000);
    }
}
