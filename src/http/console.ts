// The agent console at `/` and the playground at `/playground`: pages and assets bundled
// into the executable at build time, served with a strict Content-Security-Policy. Asset
// names carry a hash of their content, so they are cached for good; the pages are not, nor
// is /favicon.ico, whose name is fixed (browsers ask for it by that name).
import { Hono } from "hono";
import { etag } from "hono/etag";
import { bundleConsole } from "../console/bundle" with { type: "macro" };
import { faviconIco } from "../console/favicon";
import type { AppEnv } from "./env";

const bundled = bundleConsole();

// Pictures and media come from the bot's channel (any host); scripts, styles and
// connections only from kefu itself.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https: http:",
  "media-src 'self' https: http:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const named = (name: string, ext: string, body: string) =>
  `${name}.${Bun.hash(body).toString(36)}.${ext}`;

const assets = new Map<string, { body: string; type: string }>();
const asset = (name: string, ext: string, body: string, type: string) => {
  const file = named(name, ext, body);
  assets.set(file, { body, type });
  return `/assets/${file}`;
};

const css = asset("console", "css", bundled.css, "text/css; charset=utf-8");
const page = (html: string, script: string) =>
  html.replaceAll("{{css}}", css).replaceAll("{{js}}", script);
const pages = {
  console: page(
    bundled.consoleHtml,
    asset("console", "js", bundled.consoleJs, "text/javascript; charset=utf-8"),
  ),
  playground: page(
    bundled.playgroundHtml,
    asset("playground", "js", bundled.playgroundJs, "text/javascript; charset=utf-8"),
  ),
};

const favicon = faviconIco();

const common = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export function consoleRoutes() {
  const html = (body: string) =>
    new Response(body, {
      headers: {
        ...common,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": CSP,
        "cache-control": "no-cache",
      },
    });
  return new Hono<AppEnv>()
    .get("/", etag(), () => html(pages.console))
    .get("/playground", etag(), () => html(pages.playground))
    .get("/favicon.ico", etag(), (c) =>
      c.body(favicon, 200, {
        ...common,
        "content-type": "image/x-icon",
        "cache-control": "public, max-age=86400",
      }),
    )
    .get("/assets/:file", (c) => {
      const found = assets.get(c.req.param("file"));
      if (!found) return c.notFound();
      return c.body(found.body, 200, {
        ...common,
        "content-type": found.type,
        "cache-control": "public, max-age=31536000, immutable",
      });
    });
}
