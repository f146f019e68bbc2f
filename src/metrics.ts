// A small Prometheus registry: counters, gauges read at scrape time, and histograms.
// Text exposition format 0.0.4. Label values must come from closed sets (method names,
// routes, results): a value taken from input would add a series per distinct input.
import { unhandledErrors } from "./process-guard";

type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.entries(labels)
    .map(
      ([k, v]) =>
        `${k}="${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`,
    )
    .join(",");

interface Metric {
  render(): string[];
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ""} ${v}`);
    return lines;
  }
}

export class Gauge implements Metric {
  protected readonly type: string = "gauge";
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number | Promise<number>,
  ) {}
  private last = 0;

  /** Gauges are read at scrape time; refresh() runs before render(). */
  async refresh(): Promise<void> {
    this.last = await this.read();
  }

  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} ${this.type}`,
      `${this.name} ${this.last}`,
    ];
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, { counts: number[]; sum: number; n: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, n: 0 };
      this.series.set(k, s);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= (this.buckets[i] as number)) (s.counts[i] as number)++;
    }
    s.sum += value;
    s.n++;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const sep = k ? `${k},` : "";
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket{${sep}le="${b}"} ${s.counts[i]}`);
      });
      lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.n}`);
      lines.push(`${this.name}_sum${k ? `{${k}}` : ""} ${s.sum}`);
      lines.push(`${this.name}_count${k ? `{${k}}` : ""} ${s.n}`);
    }
    return lines;
  }
}

/** A constant 1 whose labels say something about the process, e.g. kefu_build_info{version}. */
export class Info implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labels: Labels,
  ) {}

  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      `${this.name}{${key(this.labels)}} 1`,
    ];
  }
}

/** A counter kept elsewhere (process-wide), read at scrape time like a gauge. */
export class ReadCounter extends Gauge {
  protected override readonly type = "counter";
}

export class Registry {
  private readonly metrics: Metric[] = [];
  private readonly collectors: (() => Promise<void>)[] = [];

  /** Runs at every scrape, before rendering: for figures read from the database. */
  collect(fn: () => Promise<void>): void {
    this.collectors.push(fn);
  }

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }
  gauge(name: string, help: string, read: () => number | Promise<number>): Gauge {
    return this.add(new Gauge(name, help, read));
  }
  readCounter(name: string, help: string, read: () => number): ReadCounter {
    return this.add(new ReadCounter(name, help, read));
  }
  info(name: string, help: string, labels: Labels): Info {
    return this.add(new Info(name, help, labels));
  }
  histogram(name: string, help: string, buckets: number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }

  async render(): Promise<string> {
    for (const c of this.collectors) await c();
    for (const m of this.metrics) if (m instanceof Gauge) await m.refresh();
    return `${this.metrics.flatMap((m) => m.render()).join("\n")}\n`;
  }

  private add<T extends Metric>(m: T): T {
    this.metrics.push(m);
    return m;
  }
}

/** The counters the code paths increment; gauges are registered by the server. */
export function createDeskMetrics(registry: Registry) {
  return {
    registry,
    framesIn: registry.counter("kefu_ws_frames_in_total", "Frames received from agents, by method"),
    framesOut: registry.counter("kefu_ws_frames_out_total", "Frames sent to agents, by method"),
    messagesIn: registry.counter("kefu_messages_in_total", "Message items received from users"),
    messagesOut: registry.counter("kefu_messages_out_total", "Message items sent by agents"),
    deliveries: registry.counter(
      "kefu_webhook_deliveries_total",
      "Webhook delivery attempts, by result",
    ),
    errors: registry.counter(
      "kefu_internal_errors_total",
      "Requests that failed with an internal error",
    ),
    unhandled: registry.readCounter(
      "kefu_unhandled_errors_total",
      "Errors no request caught (unhandled rejections, uncaught exceptions), logged; the process went on",
      unhandledErrors,
    ),
    requests: registry.counter("kefu_http_requests_total", "HTTP requests, by route and status"),
    latency: registry.histogram(
      "kefu_http_request_duration_seconds",
      "HTTP request latency, by route",
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ),
    waits: registry.histogram(
      "kefu_queue_wait_seconds",
      "Time from joining the queue to being assigned to an agent",
      [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    ),
    firstResponses: registry.histogram(
      "kefu_first_response_seconds",
      "Time from assignment to the agent's first message",
      [5, 15, 30, 60, 120, 300, 600, 1800],
    ),
    ratings: registry.counter("kefu_ratings_total", "Session ratings received, by score"),
  };
}

export type DeskMetrics = ReturnType<typeof createDeskMetrics>;
