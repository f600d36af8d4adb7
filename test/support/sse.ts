import http from 'node:http';

/** One frame of an event stream as the test client saw it. */
export interface SseFrame {
  id?: number;
  event: string;
  data: any;
}

export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Events received so far (comments excluded). */
  frames: SseFrame[];
  /** Comment lines received so far (`: ping` → "ping"). */
  comments: string[];
  /** The body when the answer was not a stream (errors). */
  body(): string;
  /** Resolves when `frames` satisfies `cond`. */
  until(cond: (frames: SseFrame[]) => boolean, timeoutMs?: number): Promise<SseFrame[]>;
  /** Resolves when the server closes the stream. */
  closed: Promise<void>;
  /** Disconnects (as a client that goes away). */
  close(): void;
}

/** A minimal SSE client over node:http, independent of the SDK's parser. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const frames: SseFrame[] = [];
      const comments: string[] = [];
      let text = '';
      let pending = '';
      const listeners = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        pending += chunk;
        let at: number;
        while ((at = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, at);
          pending = pending.slice(at + 2);
          const frame: Partial<SseFrame> & { dataLines?: string[] } = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) frame.id = Number(line.slice(4));
            else if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('data: ')) (frame.dataLines ??= []).push(line.slice(6));
          }
          if (frame.dataLines) frames.push({ ...(frame.id === undefined ? {} : { id: frame.id }), event: frame.event ?? 'message', data: JSON.parse(frame.dataLines.join('\n')) });
        }
        for (const l of [...listeners]) l();
      });
      let isClosed = false;
      const closed = new Promise<void>((done) => {
        res.on('close', () => {
          isClosed = true;
          done();
          for (const l of [...listeners]) l();
        });
        res.on('error', () => done());
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        comments,
        body: () => text,
        closed,
        close: () => req.destroy(),
        until(cond, timeoutMs = 15_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              if (cond(frames)) {
                clearTimeout(timer);
                listeners.delete(check);
                ok(frames);
              } else if (isClosed) {
                clearTimeout(timer);
                listeners.delete(check);
                fail(new Error(`stream closed before the condition held; frames: ${JSON.stringify(frames)}`));
              }
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              fail(new Error(`condition not met in ${timeoutMs} ms; frames: ${JSON.stringify(frames)}`));
            }, timeoutMs);
            listeners.add(check);
            check();
          });
        },
      });
    });
    req.on('error', reject);
  });
}
