// Alerts that are not missed (issue 17): while any user waits in the queue the tone repeats,
// until someone takes them; and, per conversation of the agent's, how long the user has
// waited for a reply (since their first message after the agent's last reply), which the
// list shows and sorts by.
import { soundOn, tone } from "./alerts";

const REPEAT_MS = 5000;

let timer: Timer | undefined;

/** Starts or stops the repeating tone for `waiting` users in the queue. */
export function waitingAlarm(waiting: number): void {
  if (waiting > 0 && timer === undefined) {
    timer = setInterval(() => {
      if (soundOn()) tone();
    }, REPEAT_MS);
  } else if (waiting === 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}

/** When each of the agent's users started waiting for a reply (Unix seconds). */
export const replyWaits = new Map<string, number>();

export function userWrote(userid: string, at = Math.floor(Date.now() / 1000)): void {
  if (!replyWaits.has(userid)) replyWaits.set(userid, at);
}

export function agentReplied(userid: string): void {
  replyWaits.delete(userid);
}
