import { type CatchUpPolicy, type OverlapPolicy } from '../domain/schedule.js';
import type { JsonObject, TaskStatus } from '../domain/types.js';
import { type ScheduleWithStatus } from '../store/schedules.js';
import type { Engine } from './engine.js';
import type { SubmitResult } from './submit.js';
/** A schedule as `POST /v1/schedules` and `schedules:` files write it. */
export interface ScheduleInput {
    name: string;
    template: {
        namespace: string;
        name: string;
        version?: string | null;
    };
    /** @default {} */
    context?: JsonObject;
    /** 5 fields (minute first) or 6 (second first); exactly one of `cron` and `every`. */
    cron?: string | null;
    /** A duration of at least 1s (`30s`, `5m`, `1h`); slots are multiples of it since the Unix epoch. */
    every?: string | null;
    /** IANA zone of `cron`. @default UTC */
    timezone?: string | null;
    /** What a slot does while the previous task is live. @default skip */
    overlap?: OverlapPolicy;
    /** Which missed slots fire after a time when nothing ran. @default latest */
    catch_up?: CatchUpPolicy;
    /** @default false */
    paused?: boolean;
}
/** Fields `PATCH /v1/schedules/:name` may change; the rest are kept. */
export type SchedulePatch = Partial<Omit<ScheduleInput, 'name'>>;
/** How many upcoming fire times a view lists. */
export declare const NEXT_FIRE_TIMES = 5;
export interface ScheduleView {
    name: string;
    template: {
        namespace: string;
        name: string;
        version: string | null;
    };
    context: JsonObject;
    cron: string | null;
    every: string | null;
    timezone: string;
    overlap: OverlapPolicy;
    catch_up: CatchUpPolicy;
    paused: boolean;
    /** The next slots, from the first one not yet fired; empty while paused. */
    next_fire_times: string[];
    last_slot_at: string | null;
    last_fired_at: string | null;
    /** The task fired last (by a slot or `trigger`); `status` is null when retention deleted it. */
    last_task: {
        id: string;
        status: TaskStatus | null;
    } | null;
    fired_count: number;
    skipped_count: number;
    created_at: string;
    updated_at: string;
}
export declare function toScheduleView(row: ScheduleWithStatus): ScheduleView;
export declare class ScheduleService {
    private readonly engine;
    constructor(engine: Engine);
    /** Validates everything, the template too (404 naming it), before anything is written. */
    private define;
    /**
     * Creates a schedule, or replaces the one of that name (keeping its history).
     * Its first slot is the first after now; a replacement with the same spec keeps its next slot.
     */
    apply(input: ScheduleInput): Promise<{
        schedule: ScheduleView;
        created: boolean;
    }>;
    list(): Promise<ScheduleView[]>;
    get(name: string): Promise<ScheduleView>;
    /**
     * Changes some fields. Resuming (paused: false) starts from the first slot
     * after now: slots that passed while paused are not caught up.
     */
    patch(name: string, patch: SchedulePatch): Promise<ScheduleView>;
    delete(name: string): Promise<void>;
    /**
     * Fires one task now, outside the slots (`next_fire_at` is not moved), even
     * while paused and whatever `overlap` says: an operator asked for it.
     */
    trigger(name: string): Promise<{
        task: SubmitResult;
        schedule: ScheduleView;
    }>;
}
