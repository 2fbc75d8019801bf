// Quickstart for nexus-sequences: list, get, link assets by filename in a bulk update, patch
// attributes, delete. Runs against the local emulator by default (`nexus-emulator serve --seed demo`)
// and against the real Nexus API unchanged when the three variables below point at it:
//   NEXUS_ENDPOINT=https://api.datature.io NEXUS_SECRET_KEY=... NEXUS_PROJECT_ID=proj_... node quickstart.mjs
import {
  Client,
  NexusError,
  SequenceBulkUpdateAbortMode,
  SequenceBulkUpdateResult,
  SequenceMergeMode,
} from "nexus-sequences";

const endpoint = process.env.NEXUS_ENDPOINT ?? "http://127.0.0.1:4100";
const secretKey = process.env.NEXUS_SECRET_KEY ?? "demo-secret-key-0000000000000000";
const projectId = process.env.NEXUS_PROJECT_ID ?? "proj_demo0000000000000000000000000000";
const NEW_SEQUENCE = "Quickstart patient";

/** One line per sequence: name, id, item count and roles. */
function describeSequence(seq) {
  const roles = Object.entries(seq.itemCountWithRole).map(([role, n]) => `${role}×${n}`).join(", ");
  return `${seq.name.padEnd(24)} ${seq.id}  ${String(seq.length).padStart(3)} items${roles ? `  (${roles})` : ""}`;
}

/** The sequence with this exact name, or null. */
async function findByName(sequences, name) {
  const page = await sequences.list({ limit: 1 }, { name });
  return page.data[0] ?? null;
}

async function main() {
  const client = new Client(secretKey, { endpoint });
  const { sequences } = client.getProject(projectId);
  console.log(`Nexus endpoint ${endpoint}, project ${projectId}\n`);

  // 1. List the first 20 sequences.
  const page = await sequences.list({ limit: 20 });
  console.log(`1. list: ${page.data.length} sequence(s)${page.nextPage ? ", more on the next page" : ""}`);
  for (const seq of page.data) console.log(`   ${describeSequence(seq)}`);

  // 2. Get one in full.
  if (page.data.length > 0) {
    const seq = await sequences.get(page.data[0].id);
    console.log(`\n2. get ${seq.id}: "${seq.name}"`);
    for (const item of seq.items.slice(0, 5)) {
      console.log(`   ord ${String(item.ord).padStart(3)}  ${(item.role ?? "(no role)").padEnd(10)} ${item.assetId}`);
    }
    if (seq.items.length > 5) console.log(`   ... ${seq.items.length - 5} more`);
    console.log(`   attributes: ${JSON.stringify(seq.attributes.items)}`);
  }

  // 3. Link three assets by filename into a new sequence: a Link to a name that does not exist
  //    creates it. AbortOnAnyFailed makes the three links all-or-nothing. An asset is in at most
  //    one sequence, so linking moves it: these are assets the demo project leaves unlinked.
  const links = [
    ["image_297.jpg", 0, "Axial"],
    ["image_298.jpg", 1, "Axial"],
    ["image_299.jpg", 0, "Sagittal"],
  ].map(([assetFilename, ord, role]) => ({
    assetFilename,
    sequence: { name: NEW_SEQUENCE, ord, role, merge: SequenceMergeMode.REPLACE_EXISTING_ENTRY },
  }));
  const { actions: results } = await sequences.bulkUpdate(links, SequenceBulkUpdateAbortMode.ABORT_ON_ANY_FAILED);
  console.log(`\n3. bulkUpdate: linked into "${NEW_SEQUENCE}"`);
  links.forEach((link, i) => console.log(`   ${link.assetFilename.padEnd(14)} -> ${results[i]}`));
  if (results.some((r) => r !== SequenceBulkUpdateResult.OK)) throw new Error("the links were not applied");

  // 4. Patch its attributes: numbers and booleans are sent as strings.
  const created = await findByName(sequences, NEW_SEQUENCE);
  const patched = await sequences.patch(created.id, { attributes: { age: 42, consented: true, site: "Ward 3" } });
  console.log(`\n4. patch: ${describeSequence(patched)}`);
  console.log(`   attributes ${JSON.stringify(patched.attributes.items)} ` +
    `(${patched.attributes.bytesUsed} of ${patched.attributes.bytesTotal} bytes)`);

  // 5. Delete it again, so the quickstart can be run any number of times.
  const deleted = await sequences.delete(patched.id);
  console.log(`\n5. delete: ${JSON.stringify(deleted)}`);
}

main().catch((err) => {
  // SDK errors carry the HTTP status, the error code and the request id to quote in a bug report.
  if (err instanceof NexusError) {
    console.error(`${err.name} (status ${err.status}, code ${err.code}, request ${err.requestId}): ${err.message}`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
