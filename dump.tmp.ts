import { loadConfig } from "./src/config";
import { createApp, type HttpDeps } from "./src/http/app";

const app = createApp({ config: loadConfig({}, {}) } as unknown as HttpDeps);
try {
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "x", version: "1" } });
  await Bun.write("/tmp/openapi15-doc.json", JSON.stringify(doc, null, 2));
} catch (e) {
  console.log(e);
}
