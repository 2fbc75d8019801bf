"use strict";
// Node entry, CommonJS. index.mjs re-exports this module rather than loading a second
// build, so ESM and CommonJS users share one wasm instance and one set of error classes
// (`instanceof` holds whichever way a module loaded the package).
const wasm = require("./nexus_sequences.js");

require("./setup.cjs").finishLoading(wasm, require("./errors.cjs"));

const { Client, Project, Sequences, SequenceIterator, wasmMemoryBytes } = wasm;
// Literal shape (spreads of require calls, shorthand names) on purpose: Node's CommonJS
// export detection reads it, which is what lets index.mjs use `export *`.
module.exports = {
  Client,
  Project,
  Sequences,
  SequenceIterator,
  wasmMemoryBytes,
  ...require("./errors.cjs"),
  ...require("./enums.cjs"),
};
