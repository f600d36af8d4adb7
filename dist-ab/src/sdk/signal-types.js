export {};
//# sourceMappingURL=signal-types.js.map