// Node entry for `import`: the CommonJS entry, re-exported (see index.cjs for why).
export * from "./index.cjs";
