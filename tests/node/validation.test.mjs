// Bad input is refused by the SDK itself: a ValidationError whose message names the argument, action
// index and field, nothing sent to the server, and the wasm module still usable afterwards (a panic
// in wasm would poison every later call).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Client, SequenceBulkUpdateAbortMode as AbortMode, ValidationError, wasmMemoryBytes } from "nexus-sequences";
import { assertFailsWith, fileEmulator, freshProject } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
const SEQ = "seq_00000000-0000-4000-8000-000000000000";
const MAX_I32 = 2147483647;

// Two valid actions precede every bad one, so messages must name index 2.
const goodActions = (p) => [
  { assetId: p.assets[0].assetId, sequence: { name: "ok" } },
  { assetFilename: p.assets[1].filename, sequence: { name: "ok" } },
];
const withAction = (bad) => (p) => p.sequences.bulkUpdate([...goodActions(p), bad(p)]);
const withLink = (sequence) => withAction((p) => ({ kind: "Link", assetId: p.assets[2].assetId, sequence }));

/** [label, call(p), message pattern] */
const cases = [
  // get / delete: the id lands in the URL path, so anything outside [A-Za-z0-9_-] must be refused.
  ...[
    ["missing", undefined],
    ["null", null],
    ["a number", 42],
    ["an object", {}],
    ["empty", ""],
    ["with /", "seq_a/b"],
    ["with ?", "seq_a?b=1"],
    ["with #", "seq_a#b"],
    ["..", ".."],
    ["with %", "seq_a%2Fb"],
    ["with a space", "seq a"],
    ["non-ASCII", "seq_é"],
    ["257 chars", "s".repeat(257)],
    ["a 10 MB string", "s".repeat(10_000_000)],
  ].flatMap(([what, id]) => [
    [`get: id ${what}`, (p) => p.sequences.get(id), /^sequenceId /],
    [`delete: id ${what}`, (p) => p.sequences.delete(id), /^sequenceId /],
  ]),

  // patch
  ["patch: bad id", (p) => p.sequences.patch("a/b", { name: "x" }), /^sequenceId /],
  ["patch: patch missing", (p) => p.sequences.patch(SEQ), /^patch /],
  ["patch: patch a string", (p) => p.sequences.patch(SEQ, "name=x"), /^patch /],
  ["patch: name a number", (p) => p.sequences.patch(SEQ, { name: 5 }), /^patch\.name /],
  ["patch: name empty", (p) => p.sequences.patch(SEQ, { name: "" }), /^patch\.name /],
  ["patch: name 1025 bytes", (p) => p.sequences.patch(SEQ, { name: "x".repeat(1025) }), /^patch\.name /],
  ["patch: name 1026 UTF-8 bytes in 513 chars", (p) => p.sequences.patch(SEQ, { name: "é".repeat(513) }), /^patch\.name /],
  ["patch: attributes a string", (p) => p.sequences.patch(SEQ, { attributes: "a=1" }), /^patch\.attributes/],
  ["patch: attributes an array", (p) => p.sequences.patch(SEQ, { attributes: ["a"] }), /^patch\.attributes/],
  ["patch: attribute value an object", (p) => p.sequences.patch(SEQ, { attributes: { a: {} } }), /^patch\.attributes/],
  ["patch: attribute value a symbol", (p) => p.sequences.patch(SEQ, { attributes: { a: Symbol("s") } }), /^patch\.attributes/],
  ["patch: attribute value null", (p) => p.sequences.patch(SEQ, { attributes: { a: null } }), /^patch\.attributes\.a /],
  ["patch: attribute value NaN", (p) => p.sequences.patch(SEQ, { attributes: { a: NaN } }), /^patch\.attributes\.a /],
  ["patch: an unknown key", (p) => p.sequences.patch(SEQ, { nmae: "typo" }), /^patch .*nmae/],
  ["patch: attribute key empty", (p) => p.sequences.patch(SEQ, { attributes: { "": "v" } }), /^patch\.attributes/],
  [
    "patch: attributes over the 1 MiB quota",
    (p) => p.sequences.patch(SEQ, { attributes: { k: "v".repeat(1_048_576) } }),
    /attributes/,
  ],

  // list / iterate
  ...[0, 1001, 1.5, -1, NaN, Infinity, "10"].map((limit) => [
    `list: limit ${String(limit)}`,
    (p) => p.sequences.list({ limit }),
    /^pagination\.limit /,
  ]),
  ["list: pagination a string", (p) => p.sequences.list("limit=10"), /^pagination /],
  ["list: page a number", (p) => p.sequences.list({ limit: 10, page: 5 }), /^pagination\.page /],
  ["list: name filter a number", (p) => p.sequences.list({ limit: 10 }, { name: 5 }), /^filters\.name /],
  [
    "iterate: limit 0, reported on the first step",
    async (p) => {
      for await (const _ of p.sequences.iterate({ limit: 0 })) assert.fail("yielded");
    },
    /^pagination\.limit /,
  ],

  // bulkUpdate: the argument itself
  ["bulkUpdate: actions missing", (p) => p.sequences.bulkUpdate(), /^actions /],
  ["bulkUpdate: actions a string", (p) => p.sequences.bulkUpdate("Link"), /^actions /],
  ["bulkUpdate: actions an object", (p) => p.sequences.bulkUpdate({ 0: {} }), /^actions /],
  ["bulkUpdate: an action null", withAction(() => null), /actions\[2\]/],
  ["bulkUpdate: abortMode unknown", (p) => p.sequences.bulkUpdate(goodActions(p), "Sometimes"), /^abortMode /],
  ["bulkUpdate: idempotencyKey empty", (p) => p.sequences.bulkUpdate(goodActions(p), AbortMode.NONE, { idempotencyKey: "" }), /^options\.idempotencyKey /],
  ["bulkUpdate: idempotencyKey a number", (p) => p.sequences.bulkUpdate(goodActions(p), AbortMode.NONE, { idempotencyKey: 5 }), /^options\.idempotencyKey /],

  // bulkUpdate: which kind
  ["bulkUpdate: unknown kind", withAction((p) => ({ kind: "Frobnicate", assetId: p.assets[2].assetId })), /actions\[2\]\.kind/],
  ["bulkUpdate: no kind can be inferred", withAction(() => ({ sequence: { name: "x" } })), /actions\[2\]/],
  ["bulkUpdate: both assetId and assetFilename", withAction((p) => ({ assetId: p.assets[2].assetId, assetFilename: "image_2.jpg", sequence: { name: "x" } })), /actions\[2\].*(assetId|assetFilename)/],
  ["bulkUpdate: a Link and a Remove at once", withAction((p) => ({ assetId: p.assets[2].assetId, sequenceId: SEQ })), /actions\[2\]/],
  ["bulkUpdate: both sequenceId and sequenceName", withAction(() => ({ kind: "RemoveSequence", sequenceId: SEQ, sequenceName: "x" })), /actions\[2\].*(sequenceId|sequenceName)/],
  ["bulkUpdate: two spellings of one key, different values", withAction(() => ({ sequenceName: "a", sequence_name: "b" })), /actions\[2\].*sequenceName.*sequence_name/],
  ["bulkUpdate: an unknown key", withAction(() => ({ sequenceName: "a", frobnicate: 1 })), /actions\[2\].*frobnicate/],
  ["bulkUpdate: a key of another kind", withAction(() => ({ kind: "RemoveSequence", sequenceName: "a", patch: { name: "b" } })), /actions\[2\]\.patch/],
  ["bulkUpdate: Link without an asset", withAction(() => ({ kind: "Link", sequence: { name: "x" } })), /actions\[2\].*(assetId|assetFilename)/],
  ["bulkUpdate: PatchSequence without patch", withAction(() => ({ kind: "PatchSequence", sequenceId: SEQ })), /actions\[2\]\.patch/],
  ["bulkUpdate: assetId with /", withAction(() => ({ assetId: "asset_a/b", sequence: { name: "x" } })), /actions\[2\]\.assetId/],
  ["bulkUpdate: sequenceId with ..", withAction(() => ({ sequenceId: ".." })), /actions\[2\]\.sequenceId/],
  ["bulkUpdate: assetFilename empty", withAction(() => ({ assetFilename: "", sequence: { name: "x" } })), /actions\[2\]\.assetFilename/],
  ["bulkUpdate: patch attribute an object", withAction(() => ({ sequenceName: "x", patch: { attributes: { a: {} } } })), /actions\[2\]\.patch\.attributes/],
  ["bulkUpdate: patch name empty", withAction(() => ({ sequenceName: "x", patch: { name: "" } })), /actions\[2\]\.patch\.name/],

  // bulkUpdate: the sequence link
  ...[NaN, Infinity, -Infinity, -1, 1.5, MAX_I32 + 1, "1", 1n].map((ord) => [
    `bulkUpdate: ord ${typeof ord === "bigint" ? `${ord}n` : JSON.stringify(ord) ?? String(ord)}`,
    withLink({ name: "x", ord }),
    /actions\[2\]\.sequence\.ord/,
  ]),
  ["bulkUpdate: sequence an unknown string", withLink("Unsett"), /actions\[2\]\.sequence/],
  ["bulkUpdate: sequence a number", withLink(5), /actions\[2\]\.sequence/],
  ["bulkUpdate: sequence name missing", withLink({ ord: 1 }), /actions\[2\]\.sequence\.name/],
  ["bulkUpdate: sequence name 1025 bytes", withLink({ name: "n".repeat(1025) }), /actions\[2\]\.sequence\.name/],
  ["bulkUpdate: role empty", withLink({ name: "x", role: "" }), /actions\[2\]\.sequence\.role/],
  ["bulkUpdate: role a number", withLink({ name: "x", role: 3 }), /actions\[2\]\.sequence\.role/],
  ["bulkUpdate: merge unknown", withLink({ name: "x", merge: "Maybe" }), /actions\[2\]\.sequence\.merge/],

  // per-call options
  ["options: timeoutMs negative", (p) => p.sequences.get(SEQ, { timeoutMs: -1 }), /^options\.timeoutMs /],
  ["options: timeoutMs 0", (p) => p.sequences.get(SEQ, { timeoutMs: 0 }), /^options\.timeoutMs /],
  ["options: timeoutMs NaN", (p) => p.sequences.get(SEQ, { timeoutMs: NaN }), /^options\.timeoutMs /],
  ["options: maxRetries fractional", (p) => p.sequences.get(SEQ, { maxRetries: 1.5 }), /^options\.maxRetries /],
  ["options: signal not an AbortSignal", (p) => p.sequences.get(SEQ, { signal: "stop" }), /^options\.signal /],

  // client and project construction (thrown synchronously or on the first call, either is fine)
  ["Client: key empty", (p) => new Client("", { endpoint: emulator.endpoint }).getProject(p.projectId).sequences.list(), /^secretKey /],
  ["Client: key a number", (p) => new Client(42, { endpoint: emulator.endpoint }).getProject(p.projectId).sequences.list(), /^secretKey /],
  ["Client: key with a newline", (p) => new Client("abc\ndef", { endpoint: emulator.endpoint }).getProject(p.projectId).sequences.list(), /^secretKey /],
  ["Client: endpoint not a URL", (p) => new Client(p.secretKey, { endpoint: "not a url" }).getProject(p.projectId).sequences.list(), /^options\.endpoint /],
  ["Client: endpoint ftp://", (p) => new Client(p.secretKey, { endpoint: "ftp://127.0.0.1" }).getProject(p.projectId).sequences.list(), /^options\.endpoint /],
  ["Client: maxRetries -1", (p) => new Client(p.secretKey, { endpoint: emulator.endpoint, maxRetries: -1 }).getProject(p.projectId).sequences.list(), /^options\.maxRetries /],
  ["Client: timeoutMs Infinity", (p) => new Client(p.secretKey, { endpoint: emulator.endpoint, timeoutMs: Infinity }).getProject(p.projectId).sequences.list(), /^options\.timeoutMs /],
  ["getProject: empty", (p) => p.client.getProject("").sequences.list(), /^projectId /],
  ["getProject: with /", (p) => p.client.getProject(`${p.projectId}/sequences`).sequences.list(), /^projectId /],
  ["getProject: a number", (p) => p.client.getProject(7).sequences.list(), /^projectId /],
];

describe("bad input is a ValidationError and sends nothing", () => {
  let p;
  before(async () => {
    p = await freshProject(emulator, { assets: 3 });
    // The admin calls above are not counted; start from zero so the global check below is exact.
    await emulator.admin("DELETE", "/_emulator/requests");
  });

  for (const [label, call, message] of cases) {
    test(label, async () => {
      await assertFailsWith(() => call(p), ValidationError, { message, secretKey: p.secretKey });
    });
  }

  test("nothing reached the server, for this project or any other", async () => {
    assert.equal((await emulator.requestCounts(p.projectId)).total, 0);
    const all = await emulator.admin("GET", "/_emulator/requests");
    assert.equal(all.total, 0, `requests seen: ${JSON.stringify(all.routes)}`);
  });

  test("the module is still usable: normal calls succeed", async () => {
    const results = await p.sequences.bulkUpdate(goodActions(p));
    assert.deepEqual(results.actions, ["Ok", "Ok"]);
    const page = await p.sequences.list({ limit: 10 });
    assert.deepEqual(page.data.map((s) => [s.name, s.length]), [["ok", 2]]);
  });
});

describe("boundaries that are valid", () => {
  test("ord 0 and 2147483647, a 1024-byte name and role, a 256-char id shape", async () => {
    const p = await freshProject(emulator, { assets: 2 });
    const name = "n".repeat(1024);
    const response = await p.sequences.bulkUpdate([
      { assetId: p.assets[0].assetId, sequence: { name, ord: 0, role: "r".repeat(1024) } },
      { assetId: p.assets[1].assetId, sequence: { name, ord: MAX_I32 } },
    ]);
    assert.deepEqual(response.actions, ["Ok", "Ok"]);
    const [seq] = (await p.sequences.list({ limit: 1000 })).data;
    assert.deepEqual(seq.items.map((i) => i.ord), [0, MAX_I32]);
    // A well-formed id that does not exist reaches the server and comes back 404, not a ValidationError.
    await assert.rejects(p.sequences.get("s".repeat(256)), (err) => err.status === 404);
  });
});

describe("strings that are not well-formed UTF-16 are refused, not silently altered", () => {
  // A lone surrogate cannot be encoded as UTF-8; converting it would send U+FFFD instead, so the
  // server would store a different name than the one the caller passed.
  const LONE = "bad\uD800name";
  const surrogateCases = [
    ["a sequence name in a Link", withLink({ name: LONE }), /^actions\[2\]\.sequence\.name /],
    ["a role in a Link", withLink({ name: "ok", role: LONE }), /^actions\[2\]\.sequence\.role /],
    ["an asset filename", withAction(() => ({ assetFilename: LONE, sequence: { name: "ok" } })), /^actions\[2\]\.assetFilename /],
    ["a sequence name in a bulk patch", withAction(() => ({ sequenceName: "ok", patch: { name: LONE } })), /^actions\[2\]\.patch\.name /],
    ["a patch name", (p) => p.sequences.patch(SEQ, { name: LONE }), /^patch\.name /],
    ["an attribute value", (p) => p.sequences.patch(SEQ, { attributes: { k: "\uDC00" } }), /^patch\.attributes/],
    ["an attribute key", (p) => p.sequences.patch(SEQ, { attributes: { [LONE]: "v" } }), /^patch\.attributes/],
    ["a name filter", (p) => p.sequences.list({ limit: 1 }, { name: LONE }), /^filters\.name /],
  ];
  let p;
  before(async () => {
    p = await freshProject(emulator, { assets: 3 });
  });
  for (const [what, call, message] of surrogateCases) {
    test(what, async () => {
      await assertFailsWith(() => call(p), ValidationError, { message, secretKey: p.secretKey });
    });
  }
  test("none of them reached the server", async () => {
    assert.deepEqual((await emulator.requestCounts(p.projectId)).routes, {});
  });
});

describe("a string longer than any request is refused before it is copied into wasm", () => {
  // 100 million characters: copied into wasm (as UTF-8, then again by serde) it would grow the
  // module's memory by hundreds of megabytes; read by its length alone it grows nothing.
  const HUGE = "x".repeat(1e8);
  const hugeCases = [
    ["a name filter", (p) => p.sequences.list({ limit: 1 }, { name: HUGE }), /^filters\.name is 100000000 characters long, more than a request may carry \(33554432 bytes\)$/],
    ["an attribute value", (p) => p.sequences.patch(SEQ, { attributes: { k: HUGE } }), /^patch\.attributes\.k is 100000000 characters/],
    ["an attribute key", (p) => p.sequences.patch(SEQ, { attributes: { [HUGE]: "v" } }), /^patch\.attributes has a key that is 100000000 characters/],
    ["an asset filename", withAction(() => ({ assetFilename: HUGE, sequence: { name: "ok" } })), /^actions\[2\]\.assetFilename is 100000000/],
    ["a role", withLink({ name: "ok", role: HUGE }), /^actions\[2\]\.sequence\.role is 100000000/],
    ["a sequence id", (p) => p.sequences.get(HUGE), /^sequenceId is 100000000/],
  ];
  let p;
  before(async () => {
    p = await freshProject(emulator, { assets: 3 });
  });
  for (const [what, call, message] of hugeCases) {
    test(what, async () => {
      const before = wasmMemoryBytes();
      await assertFailsWith(() => call(p), ValidationError, { message, secretKey: p.secretKey });
      assert.ok(wasmMemoryBytes() - before < 1e6, `wasm memory grew by ${wasmMemoryBytes() - before} bytes`);
    });
  }
  test("none of them reached the server", async () => {
    assert.deepEqual((await emulator.requestCounts(p.projectId)).routes, {});
  });
});

test("one rule, one wording: timeoutMs -5, 0 and 1.5 read alike", async () => {
  const p = await freshProject(emulator);
  for (const [timeoutMs, shown] of [[-5, "-5"], [0, "0"], [1.5, "1.5"]]) {
    await assertFailsWith(() => p.sequences.get("seq_1", { timeoutMs }), ValidationError, {
      message: new RegExp(`^options\\.timeoutMs must be an integer from 1 to 2147483647, not ${shown.replace(".", "\\.")}$`),
    });
  }
});
