// Checks frames against the AsyncAPI document kefu serves: records what a TestAgent sends and
// receives, tells which of the document's messages each frame is, and validates it with ajv
// against that message's payload (JSON Schema draft-07, the dialect the document uses).
import Ajv, { type ValidateFunction } from "ajv";
import type { TestAgent } from "./agent";

export interface AsyncApiDoc {
  asyncapi: string;
  info: { description: string };
  channels: { agent: { messages: Record<string, { payload: Record<string, unknown> }> } };
  operations: Record<string, { action: string; messages: { $ref: string }[] }>;
}

export interface Captured {
  /** Which way it went, from the client's side. */
  way: "sent" | "received";
  raw: string;
}

/** Records every text frame the agent sends (through `send`) and receives. */
export function record(agent: TestAgent, into: Captured[]): void {
  const send = agent.send.bind(agent);
  agent.send = (frame) => {
    into.push({ way: "sent", raw: typeof frame === "string" ? frame : JSON.stringify(frame) });
    send(frame);
  };
  agent.ws.addEventListener("message", (e) => into.push({ way: "received", raw: String(e.data) }));
}

export class FrameChecker {
  private readonly ajv = new Ajv({ allErrors: true, strict: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: AsyncApiDoc) {}

  /**
   * The document's message a frame is: its request, reply, error reply, push, the 492 frame,
   * the heartbeat, or else one the bot backend relayed.
   */
  messageOf(frame: Captured): string {
    if (frame.raw === "beat") return "beat";
    const f = JSON.parse(frame.raw) as { method?: unknown; code?: unknown };
    const method = String(f.method);
    if (frame.way === "sent") return `${method}_request`;
    const known = (m: string) => Object.hasOwn(this.doc.channels.agent.messages, m);
    if (method.endsWith("_push") && known(method)) return method;
    if (f.code === 492) return "kicked";
    if (typeof f.code === "number" && f.code !== 0) return "error_reply";
    return f.code === 0 && known(`${method}_reply`) ? `${method}_reply` : "relayed";
  }

  /** Null if the frame is valid as `message`, else what is wrong. */
  problems(message: string, value: unknown): string | null {
    const validate = this.validator(message);
    if (validate(value)) return null;
    return this.ajv.errorsText(validate.errors);
  }

  private validator(message: string): ValidateFunction {
    const known = this.validators.get(message);
    if (known) return known;
    const m = this.doc.channels.agent.messages[message];
    if (!m) throw new Error(`the document has no message ${message}`);
    const made = this.ajv.compile(m.payload);
    this.validators.set(message, made);
    return made;
  }
}
