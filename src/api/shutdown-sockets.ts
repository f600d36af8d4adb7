/**
 * Closing the server must not wait on clients that are not sending a request.
 * Once `close()` begins, Node stops enforcing `headersTimeout` and
 * `requestTimeout`, and `closeIdleConnections()` spares a connection that has
 * sent nothing yet (a browser's preconnect, a pooled client's spare socket).
 * Either would hold a graceful close until the idle timeout (75 s), or, for a
 * client that trickles a byte now and then, for ever.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * On close: destroys at once every connection that has sent no byte, and,
 * `graceMs` later, every connection still open (a request that has not arrived
 * in full by then never would within the request timeout). Requests under way
 * finish meanwhile; a client cut off retries against another server.
 */
export function closeStragglersOnShutdown(app: FastifyInstance, graceMs: number): void {
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  app.addHook('preClose', async () => {
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    if (graceMs <= 0 || sockets.size === 0) return;
    const timer = setTimeout(() => app.server.closeAllConnections(), graceMs).unref();
    // 'close' fires once the last connection has ended: nothing left to force.
    app.server.once('close', () => clearTimeout(timer));
  });
}
