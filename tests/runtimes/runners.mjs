// How the runtime tests run things: the Worker bundled the way Wrangler bundles it, workerd serving that bundle on a free loopback port, and an npm
// registry serving the tarball under test.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { runOk } from "../package/support.mjs";

const here = dirname(fileURLToPath(import.meta.url));
/** The pinned binary `name` (bun, deno, workerd) of this folder's devDependencies. */
export const bin = (name) => join(here, "node_modules", ".bin", name);

/**
 * Bundles `entry` into `outDir/worker.js` as Wrangler does (esbuild, ES module output, the
 * conditions `workerd`, `worker`, `browser`), with each imported `.wasm` left out of the bundle
 * and copied next to it as a module of its own (Wrangler's default rule for `*.wasm`).
 * Answers {script, wasmModules, inputs}: the bundle's path, the wasm file names, and the
 * package files that went into the bundle.
 */
export async function bundleWorker(entry, outDir) {
  const wasmModules = [];
  const wasmAsModule = {
    name: "wasm-as-module",
    setup(builder) {
      builder.onResolve({ filter: /\.wasm$/ }, async ({ path, resolveDir }) => {
        const name = basename(path);
        await copyFile(join(resolveDir, path), join(outDir, name));
        wasmModules.push(name);
        return { path: `./${name}`, external: true };
      });
    },
  };
  const script = join(outDir, "worker.js");
  const { metafile } = await build({
    entryPoints: [entry],
    outfile: script,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    plugins: [wasmAsModule],
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.keys(metafile.inputs).filter((path) => path.includes("node_modules/nexus-sequences/"));
  return { script, wasmModules, inputs };
}

/**
 * workerd's config: the bundle and its wasm modules as one Worker, allowed out to loopback only,
 * with `bindings` (name -> text) in its environment.
 */
function workerdConfig(wasmModules, compatibilityDate, bindings) {
  const textBindings = Object.entries(bindings).map(([name, text]) => `(name = "${name}", text = ${JSON.stringify(text)})`);
  const modules = [
    `(name = "worker.js", esModule = embed "worker.js")`,
    ...wasmModules.map((name) => `(name = "${name}", wasm = embed "${name}")`),
  ];
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The emulator listens on 127.0.0.1; workerd's default outbound reaches public addresses only.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    ${modules.join(",\n    ")},
  ],
  compatibilityDate = "${compatibilityDate}",
  bindings = [${textBindings.join(", ")}],
  globalOutbound = "loopback",
);
`;
}

/**
 * Serves the Worker bundled in `dir` (by bundleWorker) with the pinned workerd on a free
 * loopback port, with the text `bindings` (name -> text) in its environment; answers
 * {url, stop}. The port comes from workerd's control pipe.
 */
export async function startWorkerd(dir, wasmModules, compatibilityDate, bindings = {}) {
  await writeFile(join(dir, "config.capnp"), workerdConfig(wasmModules, compatibilityDate, bindings));
  const child = spawn(bin("workerd"), ["serve", "--control-fd=3", "config.capnp"], {
    cwd: dir,
    stdio: ["ignore", "inherit", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const port = await new Promise((resolve, reject) => {
    let control = "";
    child.stdio[3].on("data", (chunk) => {
      const lines = (control + chunk).split("\n");
      control = lines.pop(); // an unfinished line waits for the rest
      for (const line of lines) {
        const event = JSON.parse(line);
        if (event.event === "listen" && event.socket === "http") resolve(event.port);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`workerd exited ${code} before listening:\n${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on("exit", resolve);
        child.kill();
      }),
  };
}

/**
 * An npm registry on a free loopback port that serves one package, the tarball `tarball`,
 * so that Deno installs it the way its users do (`deno add npm:NAME`, which reads the registry
 * from NPM_CONFIG_REGISTRY): the package document with the version's integrity, and the
 * tarball. Answers {url, close}.
 */
export async function serveRegistry(tarball) {
  const bytes = await readFile(tarball);
  const manifest = JSON.parse(await runOk("tar", ["-xOzf", tarball, "package/package.json"]));
  const tarballPath = `/${manifest.name}/-/${manifest.name}-${manifest.version}.tgz`;
  const server = createServer((request, response) => {
    const base = `http://127.0.0.1:${server.address().port}`;
    if (request.url === `/${manifest.name}`) {
      const dist = {
        tarball: `${base}${tarballPath}`,
        shasum: createHash("sha1").update(bytes).digest("hex"),
        integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
      };
      const versions = { [manifest.version]: { ...manifest, dist } };
      const packument = { name: manifest.name, "dist-tags": { latest: manifest.version }, versions };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
    } else if (request.url === tarballPath) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(bytes);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Runs the pinned `runtime` (deno, bun) with `args` (a script that serves HTTP on a free
 * loopback port and prints `listening <port>`) until it listens; answers {url, stop}.
 */
export async function startServer(runtime, args, { cwd, env }) {
  const child = spawn(bin(runtime), args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const port = await new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /^listening (\d+)$/m.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${runtime} exited ${code} before listening:\n${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on("exit", resolve);
        child.kill();
      }),
  };
}
