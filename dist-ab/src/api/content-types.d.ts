/**
 * Request body parsers. JSON everywhere; YAML (as a string) only where a route
 * plugin opts in. Fastify answers any other content type with 415.
 */
import type { FastifyInstance } from 'fastify';
/** Media types read as YAML template source (text/plain for `curl --data-binary @file.yaml`). */
export declare const YAML_MEDIA_TYPES: readonly ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"];
/**
 * Replaces Fastify's JSON parser (and drops its text/plain one): an empty body
 * is "no body" (clients often send `Content-Type: application/json` on a bare
 * POST), and malformed JSON is 400 `invalid_json` saying what is wrong.
 * Fastify's own parser still does the parsing, so prototype poisoning stays refused.
 */
export declare function registerJsonParser(app: FastifyInstance): void;
/** Accepts YAML bodies (as a string, parsed later by the template loader) in this plugin's routes. */
export declare function registerYamlParser(app: FastifyInstance): void;
