/**
 * `baton token create`: mints an HS256 bearer token from the configured secret
 * (docs/security.md). Works offline: it needs the secret, not a server.
 */
import { createToken } from '../../api/token.js';
import { listFlag, stringFlag, UsageError } from '../args.js';
import { loadCliConfig } from '../config.js';
import { CliError, ExitCode } from '../output.js';
const SCOPES_HINT = 'tasks:read, tasks:write, templates:write, workers, admin';
const create = {
    name: 'token create',
    summary: 'mint a bearer token from the configured HS256 secret',
    usage: '--scopes SCOPE[,SCOPE...] [--subject NAME] [--expires-in SPAN]',
    description: [
        `Scopes: ${SCOPES_HINT} (admin grants everything).`,
        'The secret is auth.hs256_secret (baton.toml, --config) or BATON_AUTH_HS256_SECRET;',
        'the token carries auth.audience and auth.issuer when they are configured.',
        'Prints the token on standard output: BATON_TOKEN=$(baton token create --scopes tasks:read)',
    ].join('\n'),
    options: {
        scopes: { type: 'string', multiple: true, valueName: 'LIST', description: `comma-separated scopes: ${SCOPES_HINT}` },
        subject: { type: 'string', valueName: 'NAME', description: 'the sub claim: who the token is for (recorded as the actor of cancels)' },
        'expires-in': { type: 'string', valueName: 'SPAN', description: 'lifetime such as 12h, 30d or 1y (default: never expires)' },
    },
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const scopes = listFlag(args, 'scopes')
            .flatMap((s) => s.split(/[\s,]+/))
            .filter((s) => s !== '');
        if (scopes.length === 0)
            throw new UsageError(`--scopes is required: ${SCOPES_HINT}`, 'token create');
        const config = loadCliConfig(args, ctx);
        const { auth } = config;
        if (auth.hs256Secret === undefined) {
            const other = auth.publicKeyFile !== undefined ? 'auth.public_key_file' : auth.jwksFile !== undefined ? 'auth.jwks_file' : undefined;
            const why = other === undefined
                ? 'no HS256 secret is configured; set BATON_AUTH_HS256_SECRET (or [auth] hs256_secret in baton.toml) to the secret the server uses'
                : `the server verifies tokens with ${other}, so tokens are minted by whoever holds the private key, not by baton`;
            throw new CliError(why, ExitCode.usage);
        }
        const subject = stringFlag(args, 'subject');
        const expiresIn = stringFlag(args, 'expires-in');
        const token = await createToken({
            secret: auth.hs256Secret,
            scopes,
            ...(subject !== undefined ? { subject } : {}),
            ...(expiresIn !== undefined ? { expiresIn } : {}),
            ...(auth.audience !== undefined ? { audience: auth.audience } : {}),
            ...(auth.issuer !== undefined ? { issuer: auth.issuer } : {}),
        });
        ctx.out(token);
        if (expiresIn === undefined)
            ctx.err('note: this token never expires; pass --expires-in (e.g. 30d) to limit it');
        return ExitCode.ok;
    },
};
export const commands = [create];
//# sourceMappingURL=token.js.map