package dev.siren.server;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP layer (Jetty, one virtual thread per request): the listening ports, TLS, and the limits that keep slow or
 * hostile clients from holding the service: idle, header and body timeouts, a connection cap, header and URL size
 * limits. What Jetty itself refuses (malformed HTTP, oversized headers) is answered by {@link HttpErrors}.
 */
final class HttpTransport {

    private final Server server;
    private final ServerConnector main;
    private final ServerConnector admin;
    private final Scheduler timer = new ScheduledExecutorScheduler("siren-http-timer", true);
    /** Connections that have not yet delivered a request, with the task that closes them at the header deadline. */
    private final Map<Connection, Scheduler.Task> awaitingFirstRequest = new ConcurrentHashMap<>();

    HttpTransport(ServerConfig config) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("siren-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads, timer, null);
        server.setStopTimeout(config.shutdownGrace().toMillis());

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        main = new ServerConnector(server, 1, 1, connectionFactories(config, http));
        main.setHost(config.host());
        main.setPort(config.port());
        main.setAcceptQueueSize(1024); // bursts of connects wait here, also while the connection cap is reached
        main.setIdleTimeout(config.idleTimeout().toMillis());
        main.addBean(new HeaderDeadline(config.headerTimeout()));
        server.addConnector(main);
        server.addBean(new NetworkConnectionLimit(config.maxConnections(), main));

        if (config.adminPort() >= 0) {
            HttpConfiguration adminHttp = new HttpConfiguration(http);
            admin = new ServerConnector(server, 1, 1, new HttpConnectionFactory(adminHttp));
            admin.setName(ServiceHandler.ADMIN_CONNECTOR);
            admin.setHost("127.0.0.1");
            admin.setPort(config.adminPort());
            admin.setIdleTimeout(config.idleTimeout().toMillis());
            server.addConnector(admin);
        } else {
            admin = null;
        }
    }

    Scheduler timer() {
        return timer;
    }

    /** Binds the ports and starts serving with {@code handler}; a port in use fails here. */
    void start(Handler handler, Request.Handler errors) throws IOException {
        server.setHandler(new GracefulHandler(new FirstRequestSeen(handler)));
        server.setErrorHandler((request, response, callback) -> {
            requestArrived(request); // a refused request is answered, not cut off at the header deadline
            return errors.handle(request, response, callback);
        });
        try {
            server.start();
        } catch (IOException e) {
            stop();
            throw e;
        } catch (Exception e) {
            stop();
            throw new IOException(e.getMessage(), e);
        }
    }

    int port() {
        return main.getLocalPort();
    }

    int adminPort() {
        return admin == null ? -1 : admin.getLocalPort();
    }

    int openConnections() {
        return main.getConnectedEndPoints().size() + (admin == null ? 0 : admin.getConnectedEndPoints().size());
    }

    /** Stops accepting, lets requests in flight finish within the server's stop timeout, then closes every connection. */
    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping failed part-way; the connectors are closed either way
        }
    }

    private static ConnectionFactory[] connectionFactories(ServerConfig config, HttpConfiguration http) {
        if (!config.isTls()) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // the Host allow-list decides which names are served
        http.addCustomizer(secure);
        http.setSecureScheme("https");
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(config.tls().identity());
        tls.setKeyStorePassword(new String(config.tls().password()));
        if (config.tls().requiresClientCertificates()) {
            tls.setTrustStore(config.tls().clientAuthorities());
            tls.setNeedClientAuth(true);
        }
        return new ConnectionFactory[] {new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http)};
    }

    /**
     * Closes a connection whose first request has not reached the service within the header timeout. The idle
     * timeout alone would let a client that trickles one header byte at a time keep a connection for hours.
     */
    private final class HeaderDeadline implements Connection.Listener {
        private final Duration timeout;

        HeaderDeadline(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof SslConnection) {
                return; // the HTTP connection inside it is watched instead
            }
            awaitingFirstRequest.put(connection, timer.schedule(() -> {
                if (awaitingFirstRequest.remove(connection) != null) {
                    connection.getEndPoint().close();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public void onClosed(Connection connection) {
            Scheduler.Task deadline = awaitingFirstRequest.remove(connection);
            if (deadline != null) {
                deadline.cancel();
            }
        }
    }

    /** Marks a connection as having delivered a request, before the service handles it. */
    private final class FirstRequestSeen extends Handler.Wrapper {
        FirstRequestSeen(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            requestArrived(request);
            return super.handle(request, response, callback);
        }
    }

    /** The request's connection has delivered its headers: the header deadline no longer applies. */
    private void requestArrived(Request request) {
        Scheduler.Task deadline = awaitingFirstRequest.remove(request.getConnectionMetaData().getConnection());
        if (deadline != null) {
            deadline.cancel();
        }
    }
}
