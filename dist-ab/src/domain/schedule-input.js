/**
 * The shape of a schedule as users write it (`POST /v1/schedules`, a
 * `schedules:` file), as zod schemas. What the values mean (a cron's fields,
 * a time zone, the template) is checked by `parseScheduleSpec` and the service.
 */
import { z } from 'zod';
import { BatonError } from '../errors.js';
import { CATCH_UP_POLICIES, OVERLAP_POLICIES } from './schedule.js';
import { formatIssuePath } from './template-issues.js';
const text = z.string().min(1).max(200);
const templateRef = z.strictObject({ namespace: text, name: text, version: text.nullish() });
const fields = {
    template: templateRef,
    context: z.record(z.string(), z.unknown()).optional(),
    cron: z.string().max(200).nullish(),
    every: z.string().max(50).nullish(),
    timezone: z.string().max(100).nullish(),
    overlap: z.enum(OVERLAP_POLICIES).optional(),
    catch_up: z.enum(CATCH_UP_POLICIES).optional(),
    paused: z.boolean().optional(),
};
/** `POST /v1/schedules`, and each entry of a `schedules:` file. */
export const scheduleInputSchema = z.strictObject({ name: z.string().max(200), ...fields });
/** `PATCH /v1/schedules/:name`: any of the fields but the name. */
export const schedulePatchSchema = z.strictObject({ ...fields, template: templateRef.optional() });
/** A file's top level: `schedules:` and a list. */
const scheduleFileSchema = z.strictObject({ schedules: z.array(scheduleInputSchema).min(1) });
/**
 * The schedules of a parsed `schedules:` file (YAML or JSON).
 * @throws BatonError `invalid_schedule` naming the file and every bad field (`details.issues`).
 */
export function parseScheduleFile(value, label) {
    const result = scheduleFileSchema.safeParse(value);
    if (result.success)
        return result.data.schedules.map((s) => ({ ...s, context: s.context }));
    const issues = result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
    const shown = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    throw new BatonError('invalid_schedule', `${label}: not a schedules file (a top-level "schedules:" list of schedules): ${shown.join('; ')}`, {
        details: { file: label, issues },
    });
}
//# sourceMappingURL=schedule-input.js.map