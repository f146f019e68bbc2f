// A stand-in for an S3-compatible bucket on loopback: PUT, GET and HEAD of objects by path,
// kept in memory. It checks no signature; that Bun's S3 client signs is Bun's to test.
export interface FakeS3 {
  url: string;
  objects: Map<string, { body: ArrayBuffer; type: string }>;
  stop(): void;
}

export function fakeS3(): FakeS3 {
  const objects = new Map<string, { body: ArrayBuffer; type: string }>();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const key = decodeURIComponent(new URL(req.url).pathname);
      if (req.method === "PUT") {
        const type = req.headers.get("content-type") ?? "application/octet-stream";
        objects.set(key, { body: await req.arrayBuffer(), type });
        return new Response(null, { status: 200, headers: { etag: '"1"' } });
      }
      const found = objects.get(key);
      if (!found) return new Response("<Error><Code>NoSuchKey</Code></Error>", { status: 404 });
      const headers = {
        "content-type": found.type,
        "content-length": String(found.body.byteLength),
        etag: '"1"',
        "last-modified": new Date().toUTCString(),
      };
      if (req.method === "HEAD") return new Response(null, { status: 200, headers });
      return new Response(found.body, { status: 200, headers });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, objects, stop: () => server.stop(true) };
}
