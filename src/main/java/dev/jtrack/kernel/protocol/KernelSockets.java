package dev.jtrack.kernel.protocol;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Owns the kernel's sockets. One I/O thread polls shell, control and stdin and hands each verified
 * message to a {@link Listener}; messages that fail verification are logged on stderr and dropped.
 * The heartbeat echoes on its own thread so a busy kernel still looks alive.
 *
 * <p>Other threads send through {@link #send}, which only signs the message and queues its frames
 * in memory: one sender thread, which nothing ever interrupts, writes IOPub messages to the PUB
 * socket and hands replies to the I/O thread over an in-process socket (ZeroMQ sockets are not
 * thread-safe and the I/O thread owns the ROUTER sockets). Callers never touch a ZeroMQ socket
 * because the cell's thread is interrupted by design (interrupt, shutdown) and user code may
 * interrupt the threads it started: JeroMQ fails a send from an interrupted thread with EINTR
 * (the message is lost), and an interrupt that lands inside its signaler's pipe write closes that
 * pipe ({@code ClosedByInterruptException}), which breaks the context for every socket.
 */
public final class KernelSockets implements Outbox, AutoCloseable {

    /** Receives every verified incoming message, on the I/O thread; must not block. */
    @FunctionalInterface
    public interface Listener {
        void onMessage(Channel channel, Message message);
    }

    private static final String OUTBOX = "inproc://jtrack-outbox";
    private static final byte[] STOP = {(byte) 0xff};
    /** Messages waiting for the sender thread at most; PUB's own high-water mark is 1,000. */
    private static final int QUEUE_CAPACITY = 1024;
    /** Queued after the last message by {@link #close}: the sender thread ends on it. */
    private static final Outgoing END = new Outgoing(null, List.of());

    /** A signed message waiting for the sender thread. */
    private record Outgoing(Channel channel, List<byte[]> frames) {}

    private final ZContext context = new ZContext(1);
    private final MessageCodec codec;
    private final Map<Channel, ZMQ.Socket> sockets = new EnumMap<>(Channel.class);
    private final ZMQ.Socket outboxIn;
    private final ZMQ.Socket outboxOut;
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread ioThread;
    private final Thread senderThread;
    private final Thread heartbeatThread;
    private volatile boolean running = true;

    /** Binds every channel of {@code info}; throws when a port is taken. */
    public KernelSockets(ConnectionInfo info, MessageCodec codec, Listener listener) {
        this.codec = codec;
        sockets.put(Channel.SHELL, bind(SocketType.ROUTER, info.endpoint(info.shellPort())));
        sockets.put(Channel.CONTROL, bind(SocketType.ROUTER, info.endpoint(info.controlPort())));
        sockets.put(Channel.STDIN, bind(SocketType.ROUTER, info.endpoint(info.stdinPort())));
        sockets.put(Channel.IOPUB, bind(SocketType.PUB, info.endpoint(info.iopubPort())));
        ZMQ.Socket heartbeat = bind(SocketType.REP, info.endpoint(info.hbPort()));
        outboxIn = context.createSocket(SocketType.PULL);
        outboxIn.bind(OUTBOX);
        outboxOut = context.createSocket(SocketType.PUSH);
        outboxOut.setSndHWM(0);
        outboxOut.connect(OUTBOX);
        ioThread = new Thread(() -> pollLoop(listener), "jtrack-io");
        senderThread = new Thread(this::sendLoop, "jtrack-send");
        senderThread.setDaemon(true);
        heartbeatThread = new Thread(() -> echo(heartbeat), "jtrack-heartbeat");
        heartbeatThread.setDaemon(true);
    }

    /** Starts the I/O, sender and heartbeat threads. */
    public void start() {
        ioThread.start();
        senderThread.start();
        heartbeatThread.start();
    }

    private ZMQ.Socket bind(SocketType type, String endpoint) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        socket.bind(endpoint);
        return socket;
    }

    /**
     * Signs {@code message} and queues it for {@code channel}; callable from any thread, also an
     * interrupted one (it touches no socket). Messages are sent in the order they were queued.
     */
    @Override
    public void send(Channel channel, Message message) {
        List<byte[]> frames = codec.encode(message);
        synchronized (outgoing) {
            if (running) {
                enqueue(new Outgoing(channel, frames));
            }
        }
    }

    /**
     * Queues {@code message}, waiting while the queue is full (a cell printing faster than the
     * sender writes is slowed to its pace, as when it wrote to the socket itself); an interrupt
     * does not end the wait and stays set for the caller.
     */
    private void enqueue(Outgoing message) {
        boolean interrupted = false;
        while (true) {
            try {
                outgoing.put(message);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sender thread: writes queued messages until {@link #END}, then tells the I/O thread to stop. */
    private void sendLoop() {
        List<Outgoing> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(outgoing.take());
            } catch (InterruptedException e) {
                continue; // nothing interrupts this thread; should something, keep delivering what is queued
            }
            outgoing.drainTo(batch);
            for (Outgoing next : batch) {
                if (next == END) {
                    outboxOut.send(STOP, 0);
                    return;
                }
                write(next);
            }
            batch.clear();
        }
    }

    private void write(Outgoing message) {
        try {
            if (message.channel() == Channel.IOPUB) {
                sendAll(sockets.get(Channel.IOPUB), message.frames());
            } else {
                outboxOut.send(new byte[] {(byte) message.channel().ordinal()}, ZMQ.SNDMORE);
                sendAll(outboxOut, message.frames());
            }
        } catch (RuntimeException e) {
            System.err.println("jtrack kernel: could not send " + message.channel().name().toLowerCase() + " message: " + e);
        }
    }

    private static void sendAll(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private void pollLoop(Listener listener) {
        ZMQ.Poller poller = context.createPoller(4);
        Channel[] polled = {Channel.SHELL, Channel.CONTROL, Channel.STDIN};
        for (Channel channel : polled) {
            poller.register(sockets.get(channel), ZMQ.Poller.POLLIN);
        }
        int outbox = poller.register(outboxIn, ZMQ.Poller.POLLIN);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    poller.poll(-1);
                    if (poller.pollin(outbox) && !forwardOutgoing()) {
                        return;
                    }
                    for (int i = 0; i < polled.length; i++) {
                        if (poller.pollin(i)) {
                            receive(polled[i], listener);
                        }
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        return; // closed while a handler held this thread past close's wait
                    }
                    // one failing message must not make the kernel deaf
                    System.err.println("jtrack kernel: socket error: " + e);
                }
            }
        } finally {
            poller.close();
        }
    }

    /** Forwards every queued outgoing message; false once the stop marker was seen. */
    private boolean forwardOutgoing() {
        byte[] tag;
        while ((tag = outboxIn.recv(ZMQ.DONTWAIT)) != null) {
            if (tag.length == 1 && tag[0] == STOP[0] && !outboxIn.hasReceiveMore()) {
                return false;
            }
            ZMQ.Socket target = sockets.get(Channel.values()[tag[0]]);
            boolean more = outboxIn.hasReceiveMore();
            while (more) {
                byte[] frame = outboxIn.recv(0);
                more = outboxIn.hasReceiveMore();
                target.send(frame, more ? ZMQ.SNDMORE : 0);
            }
        }
        return true;
    }

    private void receive(Channel channel, Listener listener) {
        ZMQ.Socket socket = sockets.get(channel);
        List<byte[]> frames = new ArrayList<>(8);
        byte[] frame;
        while ((frame = socket.recv(ZMQ.DONTWAIT)) != null) {
            frames.add(frame);
            if (!socket.hasReceiveMore()) {
                break;
            }
        }
        if (frames.isEmpty()) {
            return;
        }
        Message message;
        try {
            message = codec.decode(frames);
        } catch (InvalidMessageException e) {
            System.err.println("jtrack kernel: dropped a message on " + channel.name().toLowerCase()
                    + ": " + e.getMessage());
            return;
        }
        try {
            listener.onMessage(channel, message);
        } catch (RuntimeException e) {
            System.err.println("jtrack kernel: failed to handle " + message.type() + ": " + e);
        }
    }

    private void echo(ZMQ.Socket heartbeat) {
        // a receive timeout lets this thread notice the shutdown and close its own socket
        heartbeat.setReceiveTimeOut(250);
        try {
            while (running) {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) {
                    heartbeat.send(ping, heartbeat.hasReceiveMore() ? ZMQ.SNDMORE : 0);
                }
            }
        } catch (RuntimeException e) {
            // the context was closed: the kernel is going down
        } finally {
            context.destroySocket(heartbeat);
        }
    }

    /**
     * Delivers everything already queued, then closes all sockets (waiting up to a second for
     * pending outgoing messages).
     */
    @Override
    public void close() {
        synchronized (outgoing) {
            if (!running) {
                return;
            }
            running = false;
            enqueue(END);
        }
        try {
            senderThread.join(2000);
            ioThread.join(2000);
            heartbeatThread.join(1000);
            // closing waits (linger) until queued replies reached the wire, but never longer than 2 s
            Thread closer = new Thread(context::close, "jtrack-close");
            closer.setDaemon(true);
            closer.start();
            closer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
