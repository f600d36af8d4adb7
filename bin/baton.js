#!/usr/bin/env node
// The `baton` executable: the compiled CLI (npm run build puts it in dist/).
import { main } from '../dist/src/cli/main.js';

await main(process.argv.slice(2));
