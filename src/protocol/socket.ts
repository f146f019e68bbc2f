// Bun's WebSocket handlers for the agent protocol, and the heartbeat (CONTRACT.md,
// "Heartbeat"): `beat` every interval; silence (no frame at all, pings and pongs included)
// for `misses` intervals closes.
import type { WebSocketHandler } from "bun";
import type { Config } from "../config";
import type { AgentLifecycle } from "../desk/lifecycle";
import { CLOSE } from "../errors";
import { log } from "../log";
import type { Connection } from "./connection";
import type { Dispatch } from "./dispatcher";
import type { SocketRegistry } from "./socket-registry";

export interface SocketDeps {
  config: Config;
  sockets: SocketRegistry;
  lifecycle: AgentLifecycle;
  dispatch: Dispatch;
  onError(err: unknown): void;
}

export function createSocketHandlers(deps: SocketDeps): WebSocketHandler<Connection> {
  const { config, sockets, lifecycle, dispatch } = deps;
  return {
    maxPayloadLength: config.maxFrameBytes,
    // A client that stops reading is dropped before it can hold much memory.
    backpressureLimit: 1024 * 1024,
    closeOnBackpressureLimit: true,
    idleTimeout: 0,
    sendPings: false,

    open(ws) {
      const conn = ws.data;
      conn.ws = ws;
      sockets.add(conn);
      log.info("ws open", { client_id: conn.clientId });
      conn.loginTimer = setTimeout(() => {
        if (!conn.actor) ws.close(CLOSE.loginTimeout, "login timeout");
      }, config.loginTimeoutS * 1000);
    },

    message(ws, message) {
      const conn = ws.data;
      conn.lastSeen = Date.now();
      if (message === "beat") return;
      dispatch.receive(conn, message);
    },

    // Control frames are signs of life too: generic clients keep alive with pings, not `beat`.
    ping(ws) {
      ws.data.lastSeen = Date.now();
    },
    pong(ws) {
      ws.data.lastSeen = Date.now();
    },

    close(ws, code) {
      const conn = ws.data;
      conn.closed = true;
      sockets.remove(conn);
      log.info("ws close", {
        client_id: conn.clientId,
        agent_id: conn.actor?.agentId,
        bid: conn.actor?.botId,
        code,
        ms: Date.now() - conn.openedAt,
      });
      if (conn.loginTimer) clearTimeout(conn.loginTimer);
      if (conn.sessionTimer) clearTimeout(conn.sessionTimer);
      const actor = conn.actor;
      // A connection replaced by a forced login leaves its agent online on the new one
      // (Bun may run this handler inside the replacing login's kick).
      if (!actor || conn.ending === "replaced") return;
      // Released before this handler returns (the local presence decides with no await), so
      // a login that follows the close finds the agent free.
      lifecycle
        .left(actor, conn.clientId, conn.ending === "logout" ? "logout" : "drop")
        .catch(deps.onError);
    },
  };
}

/** Sends `beat` to every connection and closes the silent ones. Returns the stop function. */
export function startHeartbeat(config: Config, sockets: SocketRegistry): () => void {
  const intervalMs = config.heartbeatS * 1000;
  const silentMs = intervalMs * config.heartbeatMisses;
  const timer = setInterval(() => {
    const now = Date.now();
    for (const conn of sockets.all()) {
      if (now - conn.lastSeen >= silentMs)
        conn.ws?.close(CLOSE.heartbeatTimeout, "heartbeat timeout");
      else sockets.send(conn, "beat", "beat");
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
