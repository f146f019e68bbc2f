// Runs at bundle time (imported `with { type: "macro" }`): reads Swagger UI's prebuilt
// script and style sheet from swagger-ui-dist, and the page that starts it, so the server,
// and the compiled executable, carry them as strings and load nothing from a CDN.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dir;
const dist = (name: string) =>
  readFileSync(Bun.resolveSync(`swagger-ui-dist/${name}`, here), "utf8");

export function bundleApiReference() {
  return {
    uiJs: dist("swagger-ui-bundle.js"),
    // Its source map is not shipped, so the browser is not told to ask for one.
    uiCss: dist("swagger-ui.css").replace(/\/\*# sourceMappingURL=\S+\s*$/, ""),
    startJs: readFileSync(join(here, "start.js"), "utf8"),
    pageHtml: readFileSync(join(here, "page.html"), "utf8"),
  };
}
