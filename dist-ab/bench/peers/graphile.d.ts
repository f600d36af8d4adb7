import type { BenchSystem } from './types.js';
export declare const graphileSystem: BenchSystem;
