/**
 * On close: destroys at once every connection that has sent no byte, and,
 * `graceMs` later, every connection still open (a request that has not arrived
 * in full by then never would within the request timeout). Requests under way
 * finish meanwhile; a client cut off retries against another server.
 */
export function closeStragglersOnShutdown(app, graceMs) {
    const sockets = new Set();
    app.server.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
    });
    app.addHook('preClose', async () => {
        for (const socket of sockets)
            if (socket.bytesRead === 0)
                socket.destroy();
        if (graceMs <= 0 || sockets.size === 0)
            return;
        const timer = setTimeout(() => app.server.closeAllConnections(), graceMs).unref();
        // 'close' fires once the last connection has ended: nothing left to force.
        app.server.once('close', () => clearTimeout(timer));
    });
}
//# sourceMappingURL=shutdown-sockets.js.map