// See run.sh. Runs in a scratch folder; every project it installs into is a fresh one.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";

const tarballs = process.argv.slice(2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

console.log("tarball sizes");
for (const tarball of tarballs) {
  console.log(`  ${path.basename(tarball).padEnd(40)} ${String(statSync(tarball).size).padStart(9)} B`);
}

/** Spawns `command serve` on a free port; resolves {child, endpoint} at the listening line. */
function serve(command, args) {
  const child = spawn(command, [...args, "serve", "--addr", "127.0.0.1:0", "--db", ":memory:"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => resolve({ child, endpoint: line.replace(/^listening on /, "") }));
    child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
}

async function stopped(child) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

// npm install of the tarballs into an empty project, then `nexus-emulator serve` through the
// launcher, until its first answer. Fewer rounds: each is a whole install.
const installRounds = Math.min(ROUNDS, 5);
const install = [];
const firstAnswer = [];
for (let round = 0; round < installRounds; round++) {
  const dir = path.resolve(`project-${round}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), '{ "private": true }\n');
  const start = performance.now();
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], { cwd: dir });
  const installed = performance.now();
  const { child, endpoint } = await serve("node", [path.join(dir, "node_modules/.bin/nexus-emulator")]);
  const response = await fetch(`${endpoint}/_emulator/health`);
  if (response.status !== 200) throw new Error(`health: ${response.status}`);
  const answered = performance.now();
  await stopped(child);
  install.push(installed - start);
  firstAnswer.push(answered - start);
}
console.log(`\nnpm install of the tarballs -> first answered request (median of ${installRounds})`);
console.log(`  npm install                       ${fmt(median(install))}`);
console.log(`  install + launcher + first answer ${fmt(median(firstAnswer))}`);

// Start-to-ready, side by side in one run: the bare binary (spawn to its listening line, then
// one answered request) against NexusEmulator.start() (which resolves once the server answers).
const project = path.resolve("project-0");
const binary = path.join(project, "node_modules/nexus-emulator-linux-x64/bin/nexus-emulator");
const { NexusEmulator } = await import(path.join(project, "node_modules/nexus-emulator/index.mjs"));
const bare = [];
const api = [];
for (let round = 0; round < ROUNDS; round++) {
  let start = performance.now();
  const { child, endpoint } = await serve(binary, []);
  await (await fetch(`${endpoint}/_emulator/health`)).text();
  bare.push(performance.now() - start);
  await stopped(child);

  start = performance.now();
  const emulator = await NexusEmulator.start();
  api.push(performance.now() - start);
  await emulator.stop();
}
console.log(`\nstart-to-ready (median of ${ROUNDS})`);
console.log(`  bare binary (baseline)            ${fmt(median(bare))}`);
console.log(`  NexusEmulator.start()             ${fmt(median(api))}   ratio ${(median(api) / median(bare)).toFixed(2)}x`);
