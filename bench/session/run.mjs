// A dashboard left open (not a test): for SESSION_MINUTES (default 3) a simulated user pages
// through the sequences table, filters it by name, opens sequences, edits attributes, starts
// walks and leaves them early or follows them to the end, runs bulk updates, navigates away
// from requests in flight, and meets errors (a missing sequence, a rename onto a taken name, a
// server failure). Every SAMPLE_SECONDS it prints the JS heap and the SDK's wasm memory, read
// after GC and finalizers, and at the end the growth per operation between the first sample and
// the last: a session that keeps nothing stays near zero.
import { Client, wasmMemoryBytes } from "nexus-sequences";
import { startEmulator } from "../../tests/node/support/emulator.mjs";
import { settle } from "../../tests/node/support/gc.mjs";
import { rng } from "../support/rng.mjs";

const MINUTES = Number(process.env.SESSION_MINUTES ?? 3);
const SEED = Number(process.env.SESSION_SEED ?? 11);
const SAMPLE_SECONDS = 15;
const SEQUENCES = 240;
const PAGE = 20;

const emulator = await startEmulator();
try {
  const { projectId, secretKey } = await emulator.createProject();
  await emulator.createAssets(projectId, 8);
  await emulator.seedSequences(projectId, { count: SEQUENCES, itemsPerSequence: 2 });
  // One server failure in twenty, not retried: the dashboard shows the error.
  await emulator.setFaults({ seed: SEED, rules: [{ projectId, fault: "status", status: 503, rate: 0.05 }] });
  const random = rng(SEED);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const ignore = () => {};

  /** A tab: its own client, as a page load makes one. */
  function openTab() {
    const client = new Client(secretKey, { endpoint: emulator.endpoint, maxRetries: 0 });
    return client.getProject(projectId).sequences;
  }
  let sequences = openTab();
  let page = await sequences.list({ limit: PAGE });
  let seen = page.data.map((s) => s.id);

  /** What a user does next, weighted by how often a dashboard does it. */
  const actions = [
    [30, async () => {
      // The next page of the table, or back to the first.
      page = await sequences.list({ limit: PAGE, page: page.nextPage ?? undefined });
      seen = page.data.map((s) => s.id);
    }],
    [10, () => sequences.list({ limit: PAGE }, { name: `seq-${Math.floor(random() * SEQUENCES)}` })],
    [20, () => sequences.get(pick(seen))],
    [10, () => sequences.patch(pick(seen), { attributes: { note: `n${Math.floor(random() * 1e6)}` } })],
    [5, () => sequences.patch(pick(seen), { name: "seq-0" })], // taken: ConflictError (or a no-op)
    [5, () => sequences.get("seq_00000000-0000-4000-8000-000000000000")], // NotFoundError
    [8, async () => {
      // A walk left after a few rows.
      let rows = Math.floor(random() * 60);
      for await (const _ of sequences.iterate({ limit: PAGE })) if (rows-- <= 0) break;
    }],
    [2, async () => {
      for await (const _ of sequences.iterate({ limit: 100 }));
    }],
    [5, () =>
      sequences.bulkUpdate([
        { kind: "Link", assetFilename: `image_${Math.floor(random() * 8)}.jpg`, sequence: { name: "bulk", ord: 0 } },
        { kind: "PatchSequence", sequenceName: "bulk", patch: { attributes: { at: String(Date.now()) } } },
      ])],
    [4, () => {
      // Navigated away: the request in flight is aborted.
      const controller = new AbortController();
      const call = sequences.list({ limit: PAGE }, undefined, { signal: controller.signal });
      controller.abort();
      return call;
    }],
    [1, () => {
      // A reload: a new client; the old one is left to the garbage collector.
      sequences = openTab();
    }],
  ];
  const total = actions.reduce((sum, [weight]) => sum + weight, 0);
  const nextAction = () => {
    let draw = random() * total;
    for (const [weight, action] of actions) if ((draw -= weight) < 0) return action;
    return actions[0][1];
  };

  const samples = [];
  const sample = async (operations, startedAt) => {
    await settle();
    const row = {
      seconds: Math.round((performance.now() - startedAt) / 1000),
      operations,
      heapMB: +(process.memoryUsage().heapUsed / 1e6).toFixed(2),
      wasmMB: +(wasmMemoryBytes() / 1e6).toFixed(2),
    };
    samples.push(row);
    console.log(`${String(row.seconds).padStart(5)} s ${String(operations).padStart(8)} ops` +
      `   heap ${row.heapMB.toFixed(2)} MB   wasm ${row.wasmMB.toFixed(2)} MB`);
  };

  console.log(`dashboard session: ${MINUTES} min, seed ${SEED}, ${SEQUENCES} sequences, one 503 in twenty`);
  const startedAt = performance.now();
  const endAt = startedAt + MINUTES * 60_000;
  let operations = 0;
  let nextSample = startedAt;
  while (performance.now() < endAt) {
    if (performance.now() >= nextSample) {
      await sample(operations, startedAt);
      nextSample += SAMPLE_SECONDS * 1000;
    }
    await Promise.resolve(nextAction()()).catch(ignore);
    operations++;
  }
  await sample(operations, startedAt);
  // From the second sample: the first comes before anything warmed up.
  const [first, last] = [samples[Math.min(1, samples.length - 1)], samples.at(-1)];
  const ops = Math.max(1, last.operations - first.operations);
  console.log(
    `growth per operation after warm-up: heap ${(((last.heapMB - first.heapMB) * 1e6) / ops).toFixed(1)} B, ` +
      `wasm ${(((last.wasmMB - first.wasmMB) * 1e6) / ops).toFixed(1)} B (${ops} operations)`,
  );
} finally {
  await emulator.stop();
}
