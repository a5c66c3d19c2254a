package io.smsbridge.broker;

import io.netty.channel.ChannelPipeline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.BaseInterceptor;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyServerConnection;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.routing.RoutingHandler;
import org.apache.activemq.artemis.spi.core.protocol.AbstractProtocolManager;
import org.apache.activemq.artemis.spi.core.protocol.AbstractProtocolManagerFactory;
import org.apache.activemq.artemis.spi.core.protocol.AbstractRemotingConnection;
import org.apache.activemq.artemis.spi.core.protocol.ConnectionEntry;
import org.apache.activemq.artemis.spi.core.protocol.ProtocolManager;
import org.apache.activemq.artemis.spi.core.protocol.ProtocolManagerFactory;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.apache.activemq.artemis.spi.core.remoting.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pseudo-protocol for the embedded broker's acceptors that closes, at once and with a log line, a connection whose
 * first bytes are none of the acceptor's protocols. Artemis itself takes any unrecognised client for an old CORE
 * client and waits for a packet that never comes: an MQTT client on an acceptor without MQTT, or an AMQP 0-9-1 client
 * that meant RabbitMQ, would hang until its own timeout with nothing logged. Artemis offers no setting for this; its
 * protocol SPI does (loaded through META-INF/services): the broker hands a connection that no protocol claims to the
 * one protocol that "accepts no handshake", which is this one ({@link EmbeddedBrokerConfiguration} adds it to every
 * acceptor it configures).
 */
public final class UnsupportedProtocolRefusal extends AbstractProtocolManagerFactory<BaseInterceptor> {

    /** The name an acceptor's {@code protocols} list gives it. */
    public static final String PROTOCOL = "SMSBRIDGE_REFUSE_UNKNOWN";

    private static final Logger log = LoggerFactory.getLogger(UnsupportedProtocolRefusal.class);

    @Override
    public ProtocolManager createProtocolManager(ActiveMQServer server, Map<String, Object> parameters,
                                                 List<BaseInterceptor> incomingInterceptors,
                                                 List<BaseInterceptor> outgoingInterceptors) {
        Object protocols = parameters.get(TransportConstants.PROTOCOLS_PROP_NAME);
        String accepted = protocols == null ? "CORE" : protocols.toString().replace("," + PROTOCOL, "").replace(PROTOCOL, "");
        return new Refusal(this, accepted);
    }

    @Override
    public List<BaseInterceptor> filterInterceptors(List<BaseInterceptor> interceptors) {
        return List.of();
    }

    @Override
    public String[] getProtocols() {
        return new String[]{PROTOCOL};
    }

    @Override
    public String getModuleName() {
        return "sms-bridge";
    }

    /** What a refused client sent first, printable: enough to tell HTTP, AMQP 0-9-1 or a stray MQTT CONNECT apart. */
    static String firstBytes(ActiveMQBuffer buffer) {
        int n = Math.min(buffer.readableBytes(), 8);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            byte b = buffer.getByte(buffer.readerIndex() + i);
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return text.toString();
    }

    private static final class Refusal extends AbstractProtocolManager<Object, BaseInterceptor<Object>, RemotingConnection, RoutingHandler<?>> {

        private final ProtocolManagerFactory<BaseInterceptor> factory;
        private final String accepted;

        Refusal(ProtocolManagerFactory<BaseInterceptor> factory, String accepted) {
            this.factory = factory;
            this.accepted = accepted;
        }

        @Override
        public ProtocolManagerFactory getFactory() {
            return factory;
        }

        @Override
        public void updateInterceptors(List incomingInterceptors, List outgoingInterceptors) {
        }

        @Override
        public ConnectionEntry createConnectionEntry(Acceptor acceptorUsed, Connection connection) {
            return new ConnectionEntry(new RefusedConnection(connection, Runnable::run), null, System.currentTimeMillis(), -1);
        }

        @Override
        public void handleBuffer(RemotingConnection connection, ActiveMQBuffer buffer) {
        }

        @Override
        public void addChannelHandlers(ChannelPipeline pipeline) {
        }

        @Override
        public boolean isProtocol(byte[] array) {
            return false; // never claims a connection: it gets only those that no protocol of the acceptor claims
        }

        @Override
        public boolean acceptsNoHandshake() {
            return true;
        }

        @Override
        public void handshake(NettyServerConnection connection, ActiveMQBuffer buffer) {
            log.warn("Broker refused a connection from {}: its first bytes \"{}\" are none of the protocols this acceptor speaks ({})",
                    connection.getRemoteAddress(), firstBytes(buffer), accepted);
            buffer.skipBytes(buffer.readableBytes());
            connection.getChannel().close();
        }

        @Override
        public List<String> websocketSubprotocolIdentifiers() {
            return List.of();
        }

        @Override
        public RoutingHandler<?> getRoutingHandler() {
            return null;
        }
    }

    /** The broker's record of a refused connection while its socket closes: it does nothing. */
    private static final class RefusedConnection extends AbstractRemotingConnection {

        RefusedConnection(Connection transportConnection, Executor executor) {
            super(transportConnection, executor);
        }

        @Override
        public void fail(ActiveMQException me, String scaleDownTargetNodeID) {
            destroy();
        }

        @Override
        public void destroy() {
            destroyed = true;
            transportConnection.forceClose();
        }

        @Override
        public void disconnect(boolean criticalError) {
            destroy();
        }

        @Override
        public void disconnect(String scaleDownNodeID, boolean criticalError) {
            destroy();
        }

        @Override
        public ActiveMQBuffer createTransportBuffer(int size) {
            return transportConnection.createTransportBuffer(size);
        }

        @Override
        public String getProtocolName() {
            return PROTOCOL;
        }

        @Override
        public void bufferReceived(Object connectionID, ActiveMQBuffer buffer) {
            // a refused client's bytes are dropped: the socket is closing
        }
    }
}
