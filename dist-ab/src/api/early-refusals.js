import { Socket } from 'node:net';
/**
 * 64 MiB within 10 s: more than any client sends by mistake (a 50 MB upload
 * drains in well under a second on a LAN), little for the server, which reads
 * and drops it chunk by chunk.
 */
export const BodyDrain = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };
/** Whether body bytes of `req` are still to come: it declared a body, and neither the parser nor a reader has seen its end. */
function hasUnreadBody(req) {
    // `readableEnded` too: `app.inject()` requests have no `complete`.
    if (req.complete || req.readableEnded)
        return false;
    return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}
/** Sockets already set to linger: an answer's onSend can run twice (an error while sending the first). */
const lingering = new WeakSet();
/**
 * Reads and discards the rest of `req`'s body, then closes its socket: at
 * once if the body ends before the answer is out, else once the client is done
 * or a bound is reached.
 */
function lingerAfterAnswer(req, limits, log) {
    const socket = req.socket;
    if (lingering.has(socket))
        return;
    lingering.add(socket);
    let drainedBytes = 0;
    let bodyDone = false;
    let timer;
    // Node's own: end, then close once the FIN is out.
    const closeAfterFin = () => Socket.prototype.destroySoon.call(socket);
    const closeNow = (reason) => {
        if (socket.destroyed)
            return;
        log.debug({ drainedBytes, reason }, 'stopped reading a refused request body; closing the connection');
        socket.destroy();
    };
    // A 'data' listener takes the body off Node's hands (it would `_dump()` it the same way) and counts it.
    req.on('data', (chunk) => {
        drainedBytes += chunk.length;
        if (drainedBytes > limits.maxBytes)
            closeNow(`more than ${limits.maxBytes} bytes`);
    });
    req.once('end', () => {
        bodyDone = true;
        // Nothing left unread: the close after the FIN cannot reset the connection.
        if (timer !== undefined)
            closeAfterFin();
    });
    // Node calls this once the answer is written (`resOnFinish` in _http_server.js; a socket without it gets `end()`).
    socket.destroySoon = () => {
        // The FIN after the answer: the client reads it whole and sees the end.
        socket.end();
        if (bodyDone) {
            closeAfterFin();
            return;
        }
        // The client closing its side then ends the socket (autoDestroy); the bound ends a client that does not.
        timer = setTimeout(() => closeNow(`not done within ${limits.maxMs} ms`), limits.maxMs);
        timer.unref();
    };
    socket.once('close', () => clearTimeout(timer));
}
/**
 * Installs the lingering close on every answer sent while its request body is
 * still arriving (an onSend hook on the root instance: routes, hooks, the
 * error and not-found handlers). Answers sent after the body was read are
 * untouched.
 */
export function drainEarlyRefusals(app, limits = BodyDrain) {
    app.addHook('onSend', async (request, reply, payload) => {
        if (hasUnreadBody(request.raw)) {
            // This connection serves no further request: the client must not queue one behind the body.
            reply.header('connection', 'close');
            lingerAfterAnswer(request.raw, limits, request.log);
        }
        return payload;
    });
}
/**
 * A request with `Expect: 100-continue` (curl sends it for bodies over 1 MiB)
 * waits for `100 Continue` before it sends its body. Node answers that to every
 * such request before routing; here a body declared over the limit gets its
 * 413 without the invitation, so the client never sends it.
 */
export function skipContinueForOversizedBodies(app, bodyLimitBytes) {
    app.server.on('checkContinue', (req, res) => {
        if (!(Number(req.headers['content-length']) > bodyLimitBytes))
            res.writeContinue();
        // What Node does itself without a 'checkContinue' listener, after its writeContinue().
        app.server.emit('request', req, res);
    });
}
//# sourceMappingURL=early-refusals.js.map