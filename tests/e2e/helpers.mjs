// Shared set-up for the browser tests: serves www/ (and tests/e2e/fixtures/ under
// /__fixtures__/) in-process on a free port, and drives Debian's Chromium through
// playwright-core. Never `playwright install`: the browser is /usr/bin/chromium.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WWW = join(ROOT, "www");
export const SHOTS = join(ROOT, "target", "e2e");

const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/**
 * Starts the server and the browser. `headers(pathname)` adds response headers.
 * Returns {url, browser, newPage, close}; newPage(opts) gives {page, errors, violations}
 * where errors collects console errors and page errors, and violations CSP reports.
 */
export async function setup({ headers, mounts = {} } = {}) {
  const { server, url } = await startServer({
    root: WWW,
    mounts: { "/__fixtures__/": join(ROOT, "tests", "e2e", "fixtures"), ...mounts },
    headers,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
  });
  // Reduced motion: scrolling jumps at once, so tests need not wait for smooth scrolling.
  async function newPage({ viewport = { width: 1280, height: 800 }, colorScheme = "light", reducedMotion = "reduce", ...rest } = {}) {
    const context = await browser.newContext({ viewport, colorScheme, reducedMotion, ...rest });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return { page, context, errors };
  }
  async function close() {
    await browser.close();
    await new Promise((ok) => server.close(ok));
    server.closeAllConnections?.();
  }
  return { url, browser, newPage, close };
}

/** Saves a screenshot to target/e2e/NAME.png. */
export async function shot(page, name, opts = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...opts });
}

/** Waits for the first `annotated` (or `annotation-error`) event of the element matching `sel`, or its current result. */
export function waitAnnotated(page, sel = "article-annotator") {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return new Promise((resolve) => {
      const done = () => resolve(true);
      el.addEventListener("annotated", done, { once: true });
      el.addEventListener("annotation-error", done, { once: true });
    });
  }, sel);
}

/** Reads the state of the element matching `sel`: its article part's text and highlight list. */
export function readWidget(page, sel = "article-annotator") {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const art = el.shadowRoot.querySelector('[part~="article"]');
    const marks = [...art.querySelectorAll("article-annotator-mark")].map((m) => ({
      text: m.textContent,
      cls: m.className,
      part: m.getAttribute("part"),
    }));
    return {
      text: art.textContent,
      marks,
      status: el.shadowRoot.querySelector('[part~="status"]').textContent,
      result: el.annotations,
    };
  }, sel);
}
