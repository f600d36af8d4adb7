import type { BenchSystem } from './types.js';
export declare const pgBossSystem: BenchSystem;
