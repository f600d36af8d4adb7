export * from './schema.js';
export * from './load.js';
export { envVars, coerceEnvValue, ENV_NAME_VAR, CONFIG_FILE_VAR, type EnvVarName } from './env.js';
export { camelToSnake, snakeToCamel, suggestKey, tomlKeyOf } from './keys.js';
export { REDACTED } from './redact.js';
