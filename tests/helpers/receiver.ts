// A local webhook receiver whose answer to each attempt the test decides; it keeps the
// deliveries it acknowledged (2xx), headers and raw body, for the test to verify.
interface Received {
  headers: Record<string, string>;
  body: string;
}

export function receiver(
  answer: (attempt: number, body: Record<string, unknown>) => Promise<number> | number,
) {
  const got: Received[] = [];
  let attempts = 0;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const body = await req.text();
      attempts++;
      const status = await answer(attempts, JSON.parse(body));
      if (status >= 200 && status < 300) got.push({ headers: req.headers.toJSON(), body });
      return new Response(null, { status });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/hook`,
    got,
    get attempts() {
      return attempts;
    },
    async until(n: number, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (got.length < n) {
        if (Date.now() > end) throw new Error(`only ${got.length} of ${n} deliveries arrived`);
        await Bun.sleep(20);
      }
    },
    stop: () => server.stop(true),
  };
}
