export {};
//# sourceMappingURL=type-checks.js.map