/**
 * A Baton worker process for `npm run bench:scaling`'s `processes` line: a
 * worker runtime (concurrency 10, pool 12, sweeps on) against the schema in
 * argv, running `bench.noop`. It connects nothing until the parent sends
 * `go`, so that process start-up stays outside the timing; on `stop` it
 * stops gracefully and replies with its handler starts.
 * argv: url, schema
 */
import { defaultConfig } from '../../src/config/schema.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { BENCH_HANDLER } from '../../src/bench/index.js';
import { defineHandler } from '../../src/worker/types.js';

const [url, schema] = process.argv.slice(2);
const config = defaultConfig();
config.database.url = url;
config.database.schema = schema;
config.database.poolSize = 12;
config.worker.concurrency = 10;
config.log.level = 'warn';

let starts = 0;
let worker: Runtime | undefined;
process.on('message', (m) => {
  if (m === 'go') {
    void createRuntime({
      config,
      logger: createLogger({ level: 'warn', destination: process.stderr }),
      handlers: [
        defineHandler(BENCH_HANDLER, () => {
          starts++;
          return null;
        }),
      ],
    }).then((rt) => (worker = rt));
  } else if (m === 'stop') {
    void (worker?.stop() ?? Promise.resolve()).then(() => process.send!({ starts }, () => process.exit(0)));
  }
});
process.send!('ready');
