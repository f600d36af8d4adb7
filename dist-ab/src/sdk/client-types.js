export {};
//# sourceMappingURL=client-types.js.map