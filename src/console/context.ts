// What the console's parts share: the socket, the desk as it is known, and the redraw.
import type { DeskState } from "./desk-state";
import type { Reply } from "./frames";
import type { DeskSocket } from "./socket";

export interface ConsoleApp {
  socket: DeskSocket;
  state: DeskState;
  /** Redraws the lists, the title and the open conversation's actions. */
  redraw(): void;
  /** Opens a user's conversation (or none). */
  select(userid: string | null): void;
  /** The agent's reply to the user was stored: they no longer wait for one. */
  replied(userid: string): void;
  /** Shows why an action was not done. */
  failed(reply: Reply): void;
}
