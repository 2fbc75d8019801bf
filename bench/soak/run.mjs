// Soak (not a test): about 1,000 mixed operations through the SDK against the emulator with ~20%
// of requests faulted (5xx, 429, connection resets before and after the commit), each checked
// against an exact model of the project. Prints what went wrong, by kind; every count must be 0:
//   lost           the call resolved as applied, but the server does not have its effect
//   applied twice  the effect is on the server twice (a link with ord null moved again)
//   failed for good the call rejected although the SDK retries and the faults are transient
//   misreported    the call's answer disagrees with what happened (a failure result or error
//                  for a change the server made, or a success for one it did not make)
// Run via run.sh. SOAK_OPS and SOAK_SEED change the run.
import assert from "node:assert/strict";
import { Client, NexusError } from "nexus-sequences";
import { startEmulator } from "../../tests/node/support/emulator.mjs";
import { rng } from "../support/rng.mjs";

const OPS = Number(process.env.SOAK_OPS ?? 1000);
const SEED = Number(process.env.SOAK_SEED ?? 7);
const NAMES = Array.from({ length: 12 }, (_, i) => `soak-${i}`);
const ROLES = [null, "Axial", "Sagittal"];
const FAULTS = [
  { fault: "status", status: 503, rate: 0.06 },
  { fault: "tooManyRequests", retryAfterSeconds: 0, rate: 0.02 },
  { fault: "reset", rate: 0.06 },
  { fault: "resetAfterCommit", rate: 0.06 },
];

/** The project as the operations so far should have left it: name -> {items, attributes}. */
class Model {
  sequences = new Map();
  /** The next ord of `role` in sequence `name` (max + 1, or 0). */
  nextOrd(name, role) {
    const items = [...(this.sequences.get(name)?.items.values() ?? [])].filter((i) => i.role === role);
    return items.length === 0 ? 0 : Math.max(...items.map((i) => i.ord)) + 1;
  }
  sequenceOf(assetId) {
    for (const [name, seq] of this.sequences) if (seq.items.has(assetId)) return name;
    return null;
  }
  link(assetId, name, role) {
    const ord = this.nextOrd(name, role);
    this.unlink(assetId);
    if (!this.sequences.has(name)) this.sequences.set(name, { items: new Map(), attributes: {} });
    this.sequences.get(name).items.set(assetId, { role, ord });
  }
  unlink(assetId) {
    const name = this.sequenceOf(assetId);
    if (name) this.sequences.get(name).items.delete(assetId);
  }
  /** A comparable text of sequence `name` ("absent" when it does not exist). */
  describe(name) {
    const seq = this.sequences.get(name);
    if (!seq) return "absent";
    const items = [...seq.items].map(([id, i]) => `${id}@${i.role}/${i.ord}`).sort();
    return JSON.stringify({ items, attributes: sorted(seq.attributes) });
  }
}

/** `attributes` with its keys sorted, as the server keeps them. */
const sorted = (attributes) => Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)));

/** The same text for what the server holds. */
function describeServer(sequence) {
  if (!sequence) return "absent";
  const items = sequence.items.map((i) => `${i.assetId}@${i.role}/${i.ord}`).sort();
  return JSON.stringify({ items, attributes: sorted(sequence.attributes.items) });
}

const emulator = await startEmulator();
const counts = { lost: 0, "applied twice": 0, "failed for good": 0, misreported: 0 };
const faultsSeen = {};
let ops = 0;
try {
  const { projectId, secretKey } = await emulator.createProject();
  const assets = (await emulator.createAssets(projectId, 60)).map((a) => a.assetId);
  const { sequences } = new Client(secretKey, { endpoint: emulator.endpoint, maxRetries: 8, timeoutMs: 5_000 }).getProject(projectId);
  const model = new Model();
  const random = rng(SEED);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const faultsOn = (n) => emulator.setFaults({ seed: SEED * 100_003 + n, rules: FAULTS.map((r) => ({ ...r, projectId })) });
  /** The server's copy of sequence `name`, read with the faults off. */
  const serverCopy = async (name) => (await sequences.list({ limit: 1 }, { name })).data[0] ?? null;

  for (ops = 0; ops < OPS; ops++) {
    const existing = [...model.sequences.keys()];
    const linked = assets.filter((a) => model.sequenceOf(a));
    const kind = pick(existing.length === 0 ? ["link"] : ["link", "link", "link", "unlink", "patch", "delete", "remove", "rename"]);
    let name = pick(NAMES);
    const expected = new Model();
    expected.sequences = structuredClone(model.sequences);
    let call;
    let touched = [name];
    if (kind === "link") {
      // Not an asset of this sequence already: where a re-linked asset lands is the emulator's
      // rule to choose, and this soak checks delivery, not that rule.
      const assetId = pick(assets.filter((a) => model.sequenceOf(a) !== name));
      const role = pick(ROLES);
      touched = [name, model.sequenceOf(assetId)].filter(Boolean);
      expected.link(assetId, name, role);
      call = () => sequences.bulkUpdate([{ assetId, sequence: { name, role, ord: null } }]);
    } else if (kind === "unlink" && linked.length > 0) {
      const assetId = pick(linked);
      name = model.sequenceOf(assetId);
      touched = [name];
      expected.unlink(assetId);
      call = () => sequences.bulkUpdate([{ assetId, sequence: "Unset" }]);
    } else if (kind === "patch" || kind === "rename") {
      name = pick(existing);
      const id = (await serverCopy(name))?.id;
      const attributes = { step: String(ops), note: `n${Math.floor(random() * 1000)}` };
      const newName = kind === "rename" ? NAMES.find((n) => !model.sequences.has(n)) : undefined;
      if (!id || (kind === "rename" && !newName)) continue;
      touched = [name, newName].filter(Boolean);
      const seq = expected.sequences.get(name);
      seq.attributes = attributes;
      if (newName) {
        expected.sequences.delete(name);
        expected.sequences.set(newName, seq);
      }
      call = () => sequences.patch(id, newName ? { name: newName, attributes } : { attributes });
    } else if (kind === "delete") {
      name = pick(existing);
      const id = (await serverCopy(name))?.id;
      if (!id) continue;
      expected.sequences.delete(name);
      call = () => sequences.delete(id);
    } else {
      name = pick(existing);
      expected.sequences.delete(name);
      call = () => sequences.bulkUpdate([{ sequenceName: name }]);
    }
    if (!call) continue;

    await faultsOn(ops);
    let answer;
    let error = null;
    try {
      answer = await call();
    } catch (err) {
      error = err;
      if (!(err instanceof NexusError)) throw err;
    }
    const { rules } = await emulator.admin("GET", "/_emulator/faults");
    for (const rule of rules) faultsSeen[rule.fault] = (faultsSeen[rule.fault] ?? 0) + rule.fired;
    await emulator.clearFaults();

    const server = Object.fromEntries(await Promise.all(touched.map(async (n) => [n, describeServer(await serverCopy(n))])));
    const asExpected = touched.every((n) => server[n] === expected.describe(n));
    const unchanged = touched.every((n) => server[n] === model.describe(n));
    const answeredApplied = error === null && (!answer?.actions || answer.actions.every((r) => r === "Ok"));
    if (error) counts["failed for good"]++;
    if (asExpected) {
      if (!answeredApplied) counts.misreported++;
      model.sequences = expected.sequences;
    } else if (unchanged) {
      if (answeredApplied) counts.lost++;
    } else {
      counts[kind === "link" ? "applied twice" : "misreported"]++;
      console.log(`op ${ops} ${kind} ${name}: server ${JSON.stringify(server)}`);
      // Follow the server from here on, so one fault is counted once.
      for (const n of touched) {
        const copy = await serverCopy(n);
        if (!copy) model.sequences.delete(n);
        else model.sequences.set(n, { items: new Map(copy.items.map((i) => [i.assetId, { role: i.role, ord: i.ord }])), attributes: copy.attributes.items });
      }
    }
    if (error) console.log(`op ${ops} ${kind} ${name}: ${error.constructor.name}: ${error.message}`);
  }
  // The whole project at the end, against the model.
  const all = [];
  for await (const seq of sequences.iterate({ limit: 1000 })) all.push(seq);
  assert.deepEqual(
    all.map((s) => s.name).sort(),
    [...model.sequences.keys()].sort(),
    "the sequences at the end are the model's",
  );
  for (const seq of all) assert.equal(describeServer(seq), model.describe(seq.name), seq.name);
} finally {
  await emulator.stop();
}

console.log(`\n${ops} operations, seed ${SEED}; faults fired: ${JSON.stringify(faultsSeen)}`);
for (const [what, n] of Object.entries(counts)) console.log(`${what.padEnd(16)} ${n}`);
const bad = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(bad === 0 ? "soak: all counts 0" : `soak: ${bad} problems`);
process.exitCode = bad === 0 ? 0 : 1;
