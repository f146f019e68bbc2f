// A webhook receiver in its own process: answers 204 at once and notes, for each agent
// message, how long after its send time (written into the text) it arrived.
import { now } from "./clock";
import { serve } from "./rpc";

const BENCH_TEXT = /"text":"bench ([\d.]+)"/;

let latencies: number[] = [];
let lastAt = 0;

const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  async fetch(req) {
    const body = await req.text();
    const sent = BENCH_TEXT.exec(body)?.[1];
    if (sent) {
      lastAt = now();
      latencies.push(lastAt - Number(sent));
    }
    return new Response(null, { status: 204 });
  },
});

const api = {
  async url(_: null) {
    return `http://127.0.0.1:${server.port}/hook`;
  },
  async reset(_: null) {
    latencies = [];
    lastAt = 0;
    return null;
  },
  async samples(_: null) {
    return { latencies, lastAt };
  },
};

export type ReceiverApi = typeof api;
serve(api);
