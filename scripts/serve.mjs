#!/usr/bin/env node
// A small static file server with no dependencies, for development and the browser tests.
//
//   node scripts/serve.mjs www 8080 127.0.0.1
//
// It serves .wasm as application/wasm (needed for streaming compilation), sends
// `cache-control: no-store` so a rebuilt wasm is never stale, and
// `access-control-allow-origin: *` so pages on other origins can embed the widget.
// Paths that escape the root get 403. Tests import `startServer` and serve on port 0;
// `mounts` maps a URL prefix to another directory and `headers(pathname)` adds headers.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = new Map([
  [".html", "text/html; charset=utf-8"],
  [".js", "text/javascript; charset=utf-8"],
  [".mjs", "text/javascript; charset=utf-8"],
  [".css", "text/css; charset=utf-8"],
  [".json", "application/json; charset=utf-8"],
  [".txt", "text/plain; charset=utf-8"],
  [".wasm", "application/wasm"],
  [".svg", "image/svg+xml"],
  [".png", "image/png"],
  [".ico", "image/x-icon"],
]);

/** Returns a request handler serving `root`, plus `mounts` ({"/prefix/": dir}). */
export function createHandler({ root, mounts = {}, headers = () => ({}) }) {
  const roots = [...Object.entries(mounts), ["/", root]].map(([prefix, dir]) => [prefix, resolve(dir)]);
  return async (req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    const [prefix, dir] = roots.find(([p]) => pathname.startsWith(p));
    let file = resolve(join(dir, pathname.slice(prefix.length - 1)));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES.get(extname(file)) ?? "application/octet-stream",
        "cache-control": "no-store",
        "access-control-allow-origin": "*",
        "x-content-type-options": "nosniff",
        ...headers(pathname),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  };
}

/** Starts a server; resolves to {server, url}. Port 0 picks a free port. */
export function startServer({ root = "www", port = 0, host = "127.0.0.1", mounts, headers } = {}) {
  const server = createServer(createHandler({ root, mounts, headers }));
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = "www", port = "8080", host = "127.0.0.1"] = process.argv.slice(2);
  const { url } = await startServer({ root, port: Number(port), host });
  console.log(`serving ${root}/ at ${url}  (Ctrl-C to stop)`);
}
