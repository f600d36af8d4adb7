/**
 * The example handlers with middleware around every one of them: what a
 * handlers module gives `baton worker` and `baton start` besides its handlers.
 *
 *   npm run build
 *   node bin/baton.js start --handlers dist/examples/handlers/with-middleware.js --templates examples/templates
 *
 * `middleware` (one function, or an array of them, the first outermost) wraps
 * every handler call of the process: code before `await next()` runs before
 * the handler, code after it sees the output, and a throw fails the attempt
 * as the handler's own would.
 */
import { PermanentError, type Middleware } from '../../src/index.js';
import { handlers } from './index.js';

/** Logs how long each attempt took, whatever its outcome. */
const timing: Middleware = async (ctx, next) => {
  const started = performance.now();
  try {
    return await next();
  } finally {
    ctx.log.info({ step: ctx.step.name, attempt: ctx.step.attempt, ms: Math.round(performance.now() - started) }, 'step attempt took');
  }
};

/** Refuses every step of a task whose context says `frozen: true`, before its handler runs. */
const freeze: Middleware = async (ctx, next) => {
  if (ctx.task.context.frozen === true) throw new PermanentError(`task ${ctx.task.id} is frozen`, { code: 'frozen' });
  return next();
};

export const middleware = [timing, freeze];
export { handlers };
export default handlers;
