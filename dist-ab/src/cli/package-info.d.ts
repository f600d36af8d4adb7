/**
 * The package root: the nearest directory above this file holding Baton's
 * package.json. Compiled, this file is dist/src/cli/ (three levels down); run
 * from source (tests), src/cli/ (two).
 */
export declare function packageRoot(): string;
export declare function packageVersion(): string;
/** The examples `baton start` serves when given neither --templates nor --handlers. */
export declare function examplePaths(): {
    templatesDir: string;
    handlersModule: string;
};
