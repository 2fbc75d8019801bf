// SDK benchmark (not a test): how much slower is walking 10,000 sequences through the wasm SDK than
// through plain fetch + JSON parsing, and how big is what users download. Run via run.sh.
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Client } from "nexus-sequences";
import { startEmulator } from "../../tests/node/support/emulator.mjs";

const SEQUENCES = 10_000;
const ITEMS_PER_SEQUENCE = 3;
const SEED_CHUNK = 2_000;
const LIMIT = 100;
// Odd, so the median is one real sample; BENCH_ROUNDS raises it on a noisy machine.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
// Goals: SDK median / fetch median, or the name of a walker whose ratio is the goal.
const WALK_GOALS = { "SDK list() page by page": 1.3, "SDK iterate() readAhead 1": 1.1 };
const CLIENT_COST_GOALS = { "SDK list() page by page": 2.0, "SDK iterate() readAhead 1": "SDK list() page by page" };
const LATENCY_GOALS = { "SDK iterate() readAhead 1": 0.6 };
// The latency scenario: every request delayed by the server, the caller busy on every page.
const LATENCY_MS = 20;
const LATENCY_SEQUENCES = 2_000;
const WORK_PER_PAGE_MS = 20;
const SIZE_GOAL_BYTES = 122_880; // wasm + JS glue, gzipped, per build (120 KB)

/** Busy work of `ms` milliseconds: the caller's own processing, which read-ahead can overlap. */
function work(ms) {
  if (ms <= 0) return;
  const until = performance.now() + ms;
  while (performance.now() < until);
}

// Another build of the package to compare with in the same rounds (run.sh's second argument).
const Baseline = process.env.BENCH_BASELINE ? await import(process.env.BENCH_BASELINE) : null;

/**
 * The same walk several ways; each returns how many sequences it saw. `workPerItemMs` is the
 * caller's work per sequence, the same in every walk.
 */
function walkers(endpoint, secretKey, projectId, workPerItemMs = 0) {
  const listUrl = `${endpoint}/projects/${projectId}/sequences?limit=${LIMIT}`;

  /** The SDK's walks through `SdkClient`, named `<prefix>SDK <walk>`; only those of `only` if given. */
  const sdkWalkers = (SdkClient, prefix, only) => {
    const { sequences } = new SdkClient(secretKey, { endpoint }).getProject(projectId);
    const iterate = (readAhead) => async () => {
      let seen = 0;
      for await (const _ of sequences.iterate({ limit: LIMIT }, {}, { readAhead })) {
        work(workPerItemMs);
        seen++;
      }
      return seen;
    };
    const walks = {
      "list() page by page": async () => {
        let seen = 0;
        let page = await sequences.list({ limit: LIMIT });
        for (;;) {
          for (const _ of page.data) work(workPerItemMs);
          seen += page.data.length;
          if (page.nextPage === null) return seen;
          page = await sequences.list({ limit: LIMIT, page: page.nextPage });
        }
      },
      "iterate() readAhead 0": iterate(0),
      "iterate() readAhead 1": iterate(1),
    };
    return Object.fromEntries(
      Object.entries(walks)
        .filter(([name]) => only === undefined || only.includes(name))
        .map(([name, walk]) => [`${prefix}SDK ${name}`, walk]),
    );
  };

  return {
    "fetch + res.json()": async () => {
      let seen = 0;
      let url = listUrl;
      while (url) {
        const res = await fetch(url, { headers: { "Secret-Key": secretKey } });
        if (!res.ok) throw new Error(`fetch walk: HTTP ${res.status}`);
        const page = await res.json();
        for (const _ of page.data) work(workPerItemMs);
        seen += page.data.length;
        url = page.nextPage === null ? null : `${listUrl}&page=${encodeURIComponent(page.nextPage)}`;
      }
      return seen;
    },
    ...sdkWalkers(Client, ""),
    ...(Baseline ? sdkWalkers(Baseline.Client, "baseline ", ["list() page by page", "iterate() readAhead 1"]) : {}),
  };
}

async function timeWalk(name, walk, expected = SEQUENCES) {
  const start = performance.now();
  const seen = await walk();
  const ms = performance.now() - start;
  if (seen !== expected) throw new Error(`${name} saw ${seen} sequences, expected ${expected}`);
  return ms;
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const verdict = (ok) => (ok ? "PASS" : "MISS");
const fmt = (n, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Prints rows (arrays of cells) as an aligned table; numbers-looking cells are right-aligned. */
function printTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  const line = (r) =>
    r.map((cell, c) => (/^[\d.,]+$/.test(String(cell)) ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/**
 * Times the walks against one server: a warm-up that also checks each walk sends the same number of
 * requests (`countRequests` returns requests since the last call), then interleaved rounds in
 * alternating order so drift (GC, other load, server state) hits every walker alike.
 */
async function measure(walks, countRequests, sequences = SEQUENCES, rounds = ROUNDS) {
  const names = Object.keys(walks);
  for (const name of names) {
    await countRequests();
    await timeWalk(name, walks[name], sequences);
    const total = await countRequests();
    if (total !== sequences / LIMIT) throw new Error(`${name} made ${total} requests, expected ${sequences / LIMIT}`);
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await timeWalk(name, walks[name], sequences));
  }
  return samples;
}

/**
 * Prints one speed table; the first walker is the baseline the others are compared with.
 * `goals` maps a walker's name to its goal (SDK median / baseline median), or to the name of
 * another walker whose ratio it must not exceed; others have none.
 */
function printSpeed(title, samples, goals) {
  const names = Object.keys(samples);
  const baseline = median(samples[names[0]]);
  const ratioOf = (name) => median(samples[name]) / baseline;
  console.log(`\n${title}\n`);
  const header = ["walker", "median ms", "min ms", "max ms", "vs fetch", "goal"];
  const rows = names.map((name) => {
    const ratio = ratioOf(name);
    const goal = typeof goals[name] === "string" ? ratioOf(goals[name]) : goals[name];
    const shown = typeof goals[name] === "string" ? `${fmt(goal, 3)} (${goals[name].replace(/^SDK /, "")})` : goal;
    const judged = goal === undefined ? "" : `<= ${shown} ${verdict(ratio <= goal)}`;
    return [name, fmt(median(samples[name])), fmt(Math.min(...samples[name])), fmt(Math.max(...samples[name])), fmt(ratio, 3), judged];
  });
  printTable(header, rows);
}

/** Every page body of the walk, keyed by the `page` query value ("" for the first page). */
async function capturePages(endpoint, secretKey, projectId) {
  const pages = new Map();
  let cursor = "";
  for (;;) {
    const query = cursor ? `&page=${encodeURIComponent(cursor)}` : "";
    const res = await fetch(`${endpoint}/projects/${projectId}/sequences?limit=${LIMIT}${query}`, {
      headers: { "Secret-Key": secretKey },
    });
    const body = await res.text();
    pages.set(cursor, body);
    cursor = JSON.parse(body).nextPage;
    if (cursor === null) return pages;
  }
}

/**
 * A loopback server answering with the captured page bodies: the same bytes as the emulator, but
 * no SQLite and no JSON encoding, so the walk time is almost all client cost.
 */
async function startReplayServer(pages) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const body = pages.get(new URL(req.url, "http://replay").searchParams.get("page") ?? "");
    res.writeHead(body === undefined ? 404 : 200, { "content-type": "application/json", "x-request-id": "replay" });
    res.end(body ?? "{}");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    takeRequestCount: () => {
      const n = requests;
      requests = 0;
      return n;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function benchmarkSpeed() {
  // Other work on the machine skews the walk times; the 1-minute load before we start says how much.
  const loadBefore = loadavg()[0];
  const emulator = await startEmulator();
  let pages;
  try {
    const { projectId, secretKey } = await emulator.createProject();
    for (let done = 0; done < SEQUENCES; done += SEED_CHUNK) {
      await emulator.seedSequences(projectId, {
        count: SEED_CHUNK,
        itemsPerSequence: ITEMS_PER_SEQUENCE,
        namePrefix: `bench-${done / SEED_CHUNK}-`,
      });
    }
    const countRequests = async () => {
      const { total } = await emulator.requestCounts(projectId);
      await emulator.admin("DELETE", "/_emulator/requests");
      return total;
    };
    const samples = await measure(walkers(emulator.endpoint, secretKey, projectId), countRequests);
    printSpeed(
      `Walk of ${fmt(SEQUENCES, 0)} sequences (${ITEMS_PER_SEQUENCE} items each), limit ${LIMIT}, ` +
        `${SEQUENCES / LIMIT} requests per walk, against the release emulator; ${ROUNDS} interleaved ` +
        `rounds after a warm-up; Node ${process.version}; load average ${loadBefore.toFixed(1)} before the run.`,
      samples,
      WALK_GOALS,
    );
    pages = await capturePages(emulator.endpoint, secretKey, projectId);
  } finally {
    await emulator.stop();
  }

  // Not the goal's measure (users talk to a real server), but it shows what the SDK itself costs.
  const replay = await startReplayServer(pages);
  try {
    const samples = await measure(walkers(replay.endpoint, "replay-key", "proj_replay"), async () => replay.takeRequestCount());
    printSpeed(
      "Client cost only: the same walk against a loopback server replaying the emulator's page bodies.",
      samples,
      CLIENT_COST_GOALS,
    );
  } finally {
    await replay.close();
  }
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, prefix = "") {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : filesUnder(dir, rel);
    return [rel];
  });
}

function benchmarkSize() {
  const require = createRequire(import.meta.url);
  const packageRoot = path.dirname(require.resolve("nexus-sequences/package.json"));
  const files = filesUnder(packageRoot);
  // The proxy is a server's module and workerd.js the Workers entry: a build's page or process
  // does not load them (scripts/build-package.sh leaves them out of its browser total too).
  const isJs = (f) => /\.(m|c)?js$/.test(f) && !/^(proxy\.c?js|workerd\.js)$/.test(path.basename(f));
  // A build is a directory holding a .wasm; its glue is the JS beside it. JS at the package root
  // (a shared entry point or error classes, if any) is loaded by every build, so it counts for each.
  const rootJs = files.filter((f) => isJs(f) && path.dirname(f) === ".");
  const builds = files.filter((f) => f.endsWith(".wasm")).map((wasm) => {
    const dir = path.dirname(wasm);
    const glue = dir === "." ? rootJs : [...files.filter((f) => isJs(f) && path.dirname(f) === dir), ...rootJs];
    return { name: dir === "." ? "(root)" : dir, files: [wasm, ...glue] };
  });

  console.log(`\nPackage ${packageRoot}: wasm + JS glue per build, gzip level 9 (node:zlib).\n`);
  const rows = [];
  for (const build of builds) {
    let raw = 0;
    let gz = 0;
    for (const file of build.files) {
      const bytes = readFileSync(path.join(packageRoot, file));
      const zipped = gzipSync(bytes, { level: 9 }).length;
      raw += bytes.length;
      gz += zipped;
      rows.push([build.name, file, fmt(bytes.length, 0), fmt(zipped, 0), ""]);
    }
    rows.push([build.name, "total (wasm + JS)", fmt(raw, 0), fmt(gz, 0), verdict(gz < SIZE_GOAL_BYTES)]);
  }
  printTable(["build", "file", "raw B", "gzip B", `goal < ${fmt(SIZE_GOAL_BYTES, 0)} B gz`], rows);
}

/**
 * Walks with network latency: the emulator delays every request by LATENCY_MS (a nearby region)
 * and the caller works WORK_PER_PAGE_MS per page, so the best overlap is about 0.5x.
 */
async function benchmarkLatency() {
  const emulator = await startEmulator();
  try {
    const { projectId, secretKey } = await emulator.createProject();
    await emulator.seedSequences(projectId, { count: LATENCY_SEQUENCES, itemsPerSequence: ITEMS_PER_SEQUENCE });
    await emulator.setFaults({ seed: 1, rules: [{ fault: "delay", ms: LATENCY_MS, projectId }] });
    const countRequests = async () => {
      const { total } = await emulator.requestCounts(projectId);
      await emulator.admin("DELETE", "/_emulator/requests");
      return total;
    };
    const walks = walkers(emulator.endpoint, secretKey, projectId, WORK_PER_PAGE_MS / LIMIT);
    const rounds = Math.min(ROUNDS, 5);
    const samples = await measure(walks, countRequests, LATENCY_SEQUENCES, rounds);
    printSpeed(
      `With latency: ${fmt(LATENCY_SEQUENCES, 0)} sequences, limit ${LIMIT}, every request delayed ${LATENCY_MS} ms ` +
        `by the emulator, the caller busy ${WORK_PER_PAGE_MS} ms per page in every walk; ${rounds} rounds.`,
      samples,
      LATENCY_GOALS,
    );
  } finally {
    await emulator.stop();
  }
}

benchmarkSize();
await benchmarkSpeed();
await benchmarkLatency();
