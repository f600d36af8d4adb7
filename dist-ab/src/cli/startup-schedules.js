import { ScheduleService } from '../core/schedule-service.js';
import { BatonError } from '../errors.js';
import { CliError, detailLines, ExitCode } from './output.js';
/**
 * Creates or replaces every schedule of `files` (checked already). An
 * unchanged schedule keeps its next fire time, so a restart fires no slot twice.
 *
 * @throws CliError (exit 2) naming the file and schedule the server refused (unknown template, bad cron).
 */
export async function applyScheduleFiles(engine, files) {
    const service = new ScheduleService(engine);
    let created = 0;
    let replaced = 0;
    for (const file of files) {
        for (const input of file.schedules) {
            try {
                if ((await service.apply(input)).created)
                    created++;
                else
                    replaced++;
            }
            catch (err) {
                if (!(err instanceof BatonError))
                    throw err;
                throw new CliError(`${file.label}: schedule ${input.name}: ${err.message}`, ExitCode.usage, detailLines(err), { cause: err });
            }
        }
    }
    return { created, replaced };
}
//# sourceMappingURL=startup-schedules.js.map