import net from 'node:net';

/**
 * A client on a raw TCP socket, for what fetch cannot do: send a request in
 * pieces, slowly or only in part, and go away before the answer.
 */
export interface RawConnection {
  socket: net.Socket;
  /** `performance.now()` when the connection was made. */
  openedAt: number;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves with `performance.now()` when the socket closes (by either side). */
  closed: Promise<number>;
  /** Writes `text`; resolves once it is handed to the kernel. */
  send(text: string | Buffer): Promise<void>;
  /** Writes `text` one byte every `intervalMs` until the socket closes or `stop()` is called. */
  trickle(text: string, intervalMs: number): { stop(): void; sent(): number };
  /** The parsed answer once the server has sent one whole response (status line, headers, Content-Length body). */
  response(timeoutMs?: number): Promise<RawResponse>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Connects to `port` on 127.0.0.1. */
export function openRaw(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const waiters = new Set<() => void>();
    let closedAt: number | undefined;
    const closed = new Promise<number>((r) =>
      socket.once('close', () => {
        closedAt = performance.now();
        for (const w of [...waiters]) w();
        r(closedAt);
      }),
    );
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      for (const w of [...waiters]) w();
    });
    // A reset from the server is one of the outcomes under test; 'close' follows it.
    socket.on('error', () => {});
    socket.once('connect', () => {
      const received = () => Buffer.concat(chunks).toString('utf8');
      resolve({
        socket,
        openedAt: performance.now(),
        received,
        closed,
        send: (text) => new Promise((done, fail) => socket.write(text, (err) => (err ? fail(err) : done()))),
        trickle(text, intervalMs) {
          let at = 0;
          const timer = setInterval(() => {
            if (socket.destroyed || at >= text.length) return clearInterval(timer);
            socket.write(text[at++]);
          }, intervalMs);
          socket.once('close', () => clearInterval(timer));
          return { stop: () => clearInterval(timer), sent: () => at };
        },
        response(timeoutMs = 5000) {
          return new Promise((done, fail) => {
            const check = () => {
              const parsed = parseResponse(received());
              if (parsed) {
                cleanup();
                done(parsed);
              } else if (closedAt !== undefined) {
                cleanup();
                fail(new Error(`socket closed without a whole response; received ${JSON.stringify(received().slice(0, 300))}`));
              }
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`no whole response within ${timeoutMs} ms; received ${JSON.stringify(received().slice(0, 300))}`));
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          });
        },
      });
    });
    socket.once('error', reject);
  });
}

/** One HTTP/1.1 response with a Content-Length body, or undefined while incomplete. */
export function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = Buffer.from(text.slice(end + 4), 'utf8');
  if (body.length < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8') };
}

/** A whole HTTP/1.1 request with a JSON body. */
export function jsonRequest(method: string, path: string, body: unknown, headers: Record<string, string> = {}): string {
  const payload = JSON.stringify(body);
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n${extra}\r\n${payload}`;
}
