// Unit test: the registry finds this node's connections by client id, forgets closed ones,
// and counts only the frames it actually wrote.
import { expect, test } from "bun:test";
import { fakeConnection } from "./fake-socket";
import { SocketRegistry } from "./socket-registry";

test("connections are found by client id until removed", () => {
  const sockets = new SocketRegistry(() => {});
  const a = fakeConnection().conn;
  const b = fakeConnection().conn;
  sockets.add(a);
  sockets.add(b);
  expect(sockets.size).toBe(2);
  expect(sockets.get(a.clientId)).toBe(a);
  expect([...sockets.all()]).toEqual([a, b]);
  sockets.remove(a);
  expect(sockets.get(a.clientId)).toBeUndefined();
  expect([...sockets.all()]).toEqual([b]);
  expect(sockets.size).toBe(1);
});

test("send writes one text frame and counts it by label; a closed or full socket is not counted", () => {
  const counted: [string, number][] = [];
  const sockets = new SocketRegistry((label, frames) => counted.push([label, frames]));
  const { conn, ws } = fakeConnection();
  sockets.add(conn);

  expect(sockets.send(conn, { method: "login_push", customer_id: 1 })).toBe(true);
  expect(sockets.send(conn, "beat", "beat")).toBe(true);
  expect(ws.sent).toEqual(['{"method":"login_push","customer_id":1}', "beat"]);

  ws.sendResult = 0;
  expect(sockets.send(conn, { method: "login_push" })).toBe(false);
  ws.sendResult = 1;
  ws.readyState = 3;
  expect(sockets.send(conn, { method: "login_push" })).toBe(false);

  expect(counted).toEqual([
    ["login_push", 1],
    ["beat", 1],
  ]);
});
