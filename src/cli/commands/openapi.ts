/**
 * `baton openapi`: prints the OpenAPI 3.1 document of the HTTP API (the one
 * `GET /openapi.json` serves), built from the route descriptions in this
 * package: no server or database needed (`baton openapi > baton.json`).
 */
import { openApiJson } from '../../api/routes/openapi.js';
import type { CommandSpec } from '../args.js';
import { ExitCode } from '../output.js';

const command: CommandSpec = {
  name: 'openapi',
  summary: 'print the OpenAPI 3.1 document of the HTTP API',
  usage: '',
  description: 'The same document a server serves on GET /openapi.json, built offline: baton openapi > baton.json',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(_args, ctx) {
    ctx.out(JSON.stringify(JSON.parse(openApiJson()), null, 2));
    return ExitCode.ok;
  },
};

export const commands: CommandSpec[] = [command];
