import net from 'node:net';

/**
 * A TCP proxy for fault tests: forwards both ways, and once told to, loses the
 * answer of one exchange after the server has acted on it, then cuts that
 * connection, as a network failure after a commit does. Everything else
 * passes untouched, new connections included.
 */
export interface LossyProxy {
  port: number;
  /**
   * Arms one loss. The first connection whose client bytes (from now on)
   * satisfy `request` is marked; from then on the server's answer on it is
   * parsed into pieces by `answer`, and each piece is delivered unless
   * `answer.lose(piece)` says it is the one to lose: that piece is swallowed
   * and both sides of the connection destroyed. Resolves with the lost piece.
   */
  loseNextAnswer(opts: { request: (chunk: Buffer) => boolean; answer: AnswerFramer }): Promise<Buffer>;
  /** Connections made through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Cuts a server's byte stream into the pieces `lose` judges (whole protocol messages). */
export interface AnswerFramer {
  /** The length of the first whole piece at the start of `buf`, or 0 while it is incomplete. */
  next(buf: Buffer): number;
  lose(piece: Buffer): boolean;
}

/**
 * PostgreSQL: a piece is the answer to one command, up to and including its
 * ReadyForQuery. Lost is the one after which the session is idle ('I'): for a
 * statement outside a transaction, and for COMMIT, the server sends it only
 * once the transaction has committed. In-transaction answers ('T') pass.
 */
export const postgresCommitAnswer: AnswerFramer = {
  next(buf) {
    let offset = 0;
    while (offset + 5 <= buf.length) {
      const end = offset + 1 + buf.readInt32BE(offset + 1);
      if (end > buf.length) return 0;
      if (buf[offset] === 0x5a /* Z */) return end;
      offset = end;
    }
    return 0;
  },
  lose: (piece) => piece[piece.length - 1] === 0x49 /* I */,
};

/** HTTP/1.1: a piece is one response with a Content-Length body; `lose` decides by its text. */
export function httpAnswer(lose: (response: string) => boolean): AnswerFramer {
  return {
    next(buf) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return 0;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, head).toString('latin1'));
      if (!length) throw new Error('lossy proxy: an HTTP answer without Content-Length');
      const end = head + 4 + Number(length[1]);
      return end <= buf.length ? end : 0;
    },
    lose: (piece) => lose(piece.toString('utf8')),
  };
}

export async function startLossyProxy(target: { host: string; port: number }): Promise<LossyProxy> {
  let armed: { request: (chunk: Buffer) => boolean; answer: AnswerFramer; resolve: (lost: Buffer) => void } | undefined;
  const sockets = new Set<net.Socket>();
  let count = 0;

  const server = net.createServer((client) => {
    count++;
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let marked: typeof armed;
    let pending = Buffer.alloc(0);

    client.on('data', (chunk: Buffer) => {
      if (!marked && armed?.request(chunk)) {
        marked = armed;
        armed = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!marked) {
        client.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      for (let end = marked.answer.next(pending); end > 0; end = marked.answer.next(pending)) {
        const piece = pending.subarray(0, end);
        pending = pending.subarray(end);
        if (marked.answer.lose(piece)) {
          marked.resolve(Buffer.from(piece));
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(piece);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    loseNextAnswer: (opts) => new Promise<Buffer>((resolve) => (armed = { ...opts, resolve })),
    connections: () => count,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
