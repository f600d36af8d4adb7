/** The TypeScript SDK (DESIGN §2, §3): workflow builder, references, library mode and clients. */
export { workflow, Workflow, type AnyWorkflow, type ChildOutput, type ChildWorkflowRef, type ContextOf, type RetryOptions, type SignalsOf, type SleepSpecInput, type StepOptions, type WaitSpecInput, type WorkerlessStepOptions, type StepOutputs, type WorkflowOptions, type WorkflowStartOptions, type WorkflowStepOptions, } from './workflow.js';
export { ref, type ContextRef, type StepRef } from './refs.js';
export type { OutputOf, ParamsOf, ParamInput, Problem } from './type-checks.js';
export { Baton, type BatonStartOptions } from './baton.js';
export { LocalClient, type SubmitOptions, type TaskRef, type TypedTask } from './local-client.js';
export { BatonClient, type BatonClientOptions, type ClientRetryOptions, type TaskDetail, type WaitOptions, type CancelResult, type TaskListFilter, type TaskPage, type BulkOptions, type BulkPreview, type BulkResult, type BulkTaskFilter, type FailureGroup, type FailuresFilter, } from './client.js';
export type { EventResult, SignalResult } from '../core/signals.js';
export type { ExternalEvent, SignalOptions, SignalTarget } from './signal-types.js';
export type { FollowOptions, TaskEvent, TaskEventData } from './events.js';
