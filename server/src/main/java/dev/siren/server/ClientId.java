package dev.siren.server;

import com.sun.net.httpserver.HttpExchange;

/** Who sends a request, for fair scheduling and per-client caps: the client's IP address. */
final class ClientId {

    private ClientId() {
    }

    static String of(HttpExchange exchange) {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }
}
