import type { ListedTaskRow } from '../store/tasks.js';
export declare function parseExecutionId(id: string): number;
export declare function assertTaskId(id: string): string;
/** The cursor after `task`: its exact creation time and id, the list's order. */
export declare function encodeCursor(task: ListedTaskRow): string;
export declare function decodeCursor(cursor: string): {
    createdAt: string;
    id: string;
};
