// Pathological inputs in the browser (tests/hosts/bench-pathological.html): each case at
// two sizes, 2x apart. A benchmark, not a timed assertion: it prints the times and the
// ratio of the larger size to the smaller (linear time means about 2; the issue allows
// up to ~2.5). It asserts only that every case was annotated at both sizes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, setup } from "./helpers.mjs";
import { HOSTS } from "./security-harness.mjs";

let env;
before(async () => {
  env = await setup({ mounts: { "/hosts/": HOSTS, "/__hostile__/": join(ROOT, "tests", "hostile") } });
});
after(() => env?.close());

test("pathological inputs at two sizes in the browser: time ratio for 2x input", { timeout: 600_000 }, async () => {
  const { page, context, errors } = await env.newPage();
  await page.goto(`${env.url}hosts/bench-pathological.html?run`);
  await page.waitForSelector("#results[data-done]", { state: "attached", timeout: 580_000 });
  const r = JSON.parse(await page.textContent("#results"));
  assert.equal(r.error, undefined, r.error);
  for (const c of r.cases) {
    const [a, b] = c.sizes;
    console.log(
      `# ${c.name.padEnd(26)} ${String(a.units).padStart(8)} → ${String(b.units).padStart(8)} units: ` +
        `wasm ${a.wasmMs.toFixed(1)} → ${b.wasmMs.toFixed(1)} ms (x${(b.wasmMs / a.wasmMs).toFixed(2)}); ` +
        `element ${a.elementMs.toFixed(0)} → ${b.elementMs.toFixed(0)} ms (x${(b.elementMs / a.elementMs).toFixed(2)}); ` +
        `mentions ${a.mentions} → ${b.mentions}`,
    );
    assert.ok(a.wasmMs > 0 && b.wasmMs > 0 && b.units === 2 * a.units, c.name);
  }
  assert.ok(r.cases.length >= 6);
  assert.deepEqual(errors, []);
  await context.close();
});
