package dev.vortex.server.realtime.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * A Vert.x transport (epoll or the JDK's) whose servers hand every accepted channel to {@link OpenConnections}
 * first: the one place where Vortex sees a connection before Vert.x sets it up, and so before its TLS handshake.
 *
 * <p>Vert.x 5 offers no hook of its own there: its servers run their connection handlers after the handshake.
 * It does let a Vert.x instance be built with a transport of the application's ({@code
 * VertxBuilder.withTransport}), and a transport configures each server's Netty bootstrap ({@link
 * #configure(NetServerOptions, boolean, ServerBootstrap)}), which by then holds Vert.x's initialiser of accepted
 * channels as its child handler. That initialiser is replaced by {@link OpenConnections#gate}, which calls it for
 * the connections it admits. Everything else is the chosen transport's own.
 *
 * <p>Every method of the SPI is passed on, those with default bodies too, since the chosen transport may
 * override them (AcceptingTransportTest checks that none is left to its default, so that a Vert.x update that adds
 * one is noticed).
 */
public final class AcceptingTransport implements Transport {
    private final Transport chosen;
    private final OpenConnections connections;

    private AcceptingTransport(Transport chosen, OpenConnections connections) {
        this.chosen = chosen;
        this.connections = connections;
    }

    /**
     * @param chosen the transport to run on, available (Vert.x would otherwise fall back to the JDK's, which this
     *     one, not being Vert.x's own class, would hide)
     * @param connections where every connection accepted by the instance's servers is admitted
     * @return the transport to build the Vert.x instance with ({@code Vertx.builder().withTransport(...)})
     * @throws IllegalArgumentException if {@code chosen} is not available
     */
    public static io.vertx.core.transport.Transport over(
            io.vertx.core.transport.Transport chosen, OpenConnections connections) {
        if (!chosen.available()) {
            throw new IllegalArgumentException(
                    "the " + chosen.name() + " transport is not available: " + chosen.unavailabilityCause());
        }
        AcceptingTransport accepting = new AcceptingTransport(chosen.implementation(), connections);
        return new Named(chosen.name(), accepting);
    }

    /** The transport as Vert.x's builder takes it: a name and an implementation. */
    private record Named(String name, Transport implementation) implements io.vertx.core.transport.Transport {
        @Override
        public boolean available() {
            return true;
        }

        @Override
        public Throwable unavailabilityCause() {
            return null;
        }
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
        chosen.configure(options, domainSocket, bootstrap);
        ChannelHandler vertx = bootstrap.config().childHandler();
        if (vertx == null) {
            // A Vert.x that sets the child handler after this call: fail the start rather than bypass the limit.
            throw new IllegalStateException(
                    "the server bootstrap has no child handler yet to put the connection gate before");
        }
        bootstrap.childHandler(connections.gate(vertx));
    }

    @Override
    public boolean supportsDomainSockets() {
        return chosen.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
        return chosen.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
        return chosen.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return chosen.unavailabilityCause();
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        return chosen.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
        return chosen.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return chosen.ioHandlerFactory();
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
        return chosen.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel() {
        return chosen.datagramChannel();
    }

    @Override
    @SuppressWarnings("deprecation") // the SPI's signature
    public DatagramChannel datagramChannel(io.netty.channel.socket.InternetProtocolFamily family) {
        return chosen.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return chosen.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return chosen.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
        chosen.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
        chosen.configure(options, connectTimeout, domainSocket, bootstrap);
    }
}
