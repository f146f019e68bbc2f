// The HTTP API's reference at /docs/api: Swagger UI rendering /openapi.json, its script and
// style sheet bundled into the executable at build time (api-reference/bundle.ts) and
// served from kefu itself, under a CSP as strict as the console's.
import { Hono } from "hono";
import { etag } from "hono/etag";
import { bundleApiReference } from "./api-reference/bundle" with { type: "macro" };
import type { AppEnv } from "./env";

const bundled = bundleApiReference();

// Swagger UI's icons are data: URLs; it fetches the document (and "Try it out" calls) from
// kefu only. Its inline styles are set through the DOM, which style-src does not govern.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const common = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

const assets = new Map<string, { body: string; type: string }>();
/** An asset's address: its name carries a hash of its content, so it is cached for good. */
const asset = (name: string, ext: string, body: string, type: string) => {
  const file = `${name}.${Bun.hash(body).toString(36)}.${ext}`;
  assets.set(file, { body, type });
  return `/docs/assets/${file}`;
};
const JS = "text/javascript; charset=utf-8";

const page = bundled.pageHtml
  .replaceAll("{{css}}", asset("swagger-ui", "css", bundled.uiCss, "text/css; charset=utf-8"))
  .replaceAll("{{ui}}", asset("swagger-ui", "js", bundled.uiJs, JS))
  .replaceAll("{{start}}", asset("start", "js", bundled.startJs, JS));

export function apiReferenceRoutes() {
  return new Hono<AppEnv>()
    .get("/docs/api", etag(), (c) =>
      c.body(page, 200, {
        ...common,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": CSP,
        "cache-control": "no-cache",
      }),
    )
    .get("/docs/assets/:file", (c) => {
      const found = assets.get(c.req.param("file"));
      if (!found) return c.notFound();
      return c.body(found.body, 200, {
        ...common,
        "content-type": found.type,
        "cache-control": "public, max-age=31536000, immutable",
      });
    });
}
