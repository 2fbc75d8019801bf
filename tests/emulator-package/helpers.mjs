// What the emulator-package tests share: processes and their descendants, read from /proc.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

/** Whether a process exists (and is not a zombie). */
export function alive(pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Resolves once `pid` is gone; fails after `ms`. */
export async function gone(pid, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after ${ms} ms`);
    await sleep(25);
  }
}

/** Pids of every living descendant of `pid`. */
export function descendants(pid) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z") parents.set(Number(entry), Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found = [];
  const walk = (parent) => {
    for (const [child, ppid] of parents) if (ppid === parent) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

/** The command line of a process, or "" if it is gone. */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** The pid of the nexus-emulator binary among `pid`'s descendants, waiting for it to appear. */
export async function emulatorBelow(pid, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = descendants(pid).find((p) => /bin\/nexus-emulator serve/.test(commandLine(p)));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no nexus-emulator process below ${pid}`);
    await sleep(25);
  }
}

/** Spawns a command; `lines` yields its stdout lines, `exit` resolves `{code, signal}`. */
export function run(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  const exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, lines, exit, stderr: () => stderr };
}

/** Reads stdout lines until one matches `pattern`; answers the match. */
export async function lineMatching(lines, pattern) {
  for (;;) {
    const { value, done } = await lines.next();
    if (done) throw new Error(`stdout ended before a line matched ${pattern}`);
    const match = pattern.exec(value);
    if (match) return match;
  }
}
