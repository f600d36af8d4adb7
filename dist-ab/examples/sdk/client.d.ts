import { BatonClient } from '../../src/client.js';
/** Priority, a delayed start, tags and an idempotency key on one submission. */
export declare function submitWithOptions(baton: BatonClient): Promise<{
    first: import("../../src/client.js").SubmitResult;
    again: import("../../src/client.js").SubmitResult;
    status: import("../../src/client.js").TaskStatus;
    tagged: string[];
}>;
/** The import fails more times than its retries allow; an operator retries the step and it resumes from its checkpoint. */
export declare function retryFailedStep(baton: BatonClient): Promise<{
    id: string;
    failed: import("../../src/client.js").TaskStatus;
    done: import("../../src/client.js").TaskStatus;
    import: import("../../src/client.js").JsonValue | undefined;
}>;
/** The same failure, settled by hand instead: the step is `resolved` with an output, which its dependents read. */
export declare function resolveFailedStep(baton: BatonClient): Promise<{
    id: string;
    failed: import("../../src/client.js").TaskStatus;
    done: import("../../src/client.js").TaskStatus;
    verify: import("../../src/client.js").JsonValue | undefined;
}>;
