/** The TypeScript SDK (DESIGN §2, §3): workflow builder, references, library mode and clients. */
export { workflow, Workflow, } from './workflow.js';
export { ref } from './refs.js';
export { Baton } from './baton.js';
export { LocalClient } from './local-client.js';
export { BatonClient, } from './client.js';
//# sourceMappingURL=index.js.map