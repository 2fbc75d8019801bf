// The one headless Chromium launcher of the JavaScript tests (tests/package and the dashboard's
// e2e): Debian's chromium driven by playwright-core, with the flags this machine needs (root, no
// GPU, no network but loopback). Each suite passes the `chromium` of its own playwright-core,
// which it resolves from its own node_modules.

/** Launches headless Chromium through playwright-core's `chromium`, adding `extraArgs`. */
export function launchChromium(chromium, extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}
