/**
 * Where the Baton package is installed: its version, and the examples that
 * `baton start` serves by default.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
let root;
/**
 * The package root: the nearest directory above this file holding Baton's
 * package.json. Compiled, this file is dist/src/cli/ (three levels down); run
 * from source (tests), src/cli/ (two).
 */
export function packageRoot() {
    if (root !== undefined)
        return root;
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
        const manifest = join(dir, 'package.json');
        if (existsSync(manifest)) {
            const name = JSON.parse(readFileSync(manifest, 'utf8')).name;
            if (name === 'baton')
                return (root = dir);
        }
        const parent = dirname(dir);
        if (parent === dir)
            throw new Error(`cannot find Baton's package.json above ${fileURLToPath(import.meta.url)}`);
        dir = parent;
    }
}
export function packageVersion() {
    return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
}
/** The examples `baton start` serves when given neither --templates nor --handlers. */
export function examplePaths() {
    const base = packageRoot();
    return {
        templatesDir: join(base, 'examples', 'templates'),
        handlersModule: join(base, 'dist', 'examples', 'handlers', 'index.js'),
    };
}
//# sourceMappingURL=package-info.js.map