// Erasing a user (issue 18): their open session ended as a rule would end it, then every
// row about them deleted, the older audit entries about them re-pointed to a pseudonym,
// and one audit entry of counts, all in one transaction; then the bytes of the files sent
// in their messages (files/blobs.ts, removeBlobs: why after the commit). No event tells the bot: an event
// names its user, and nothing may name this one any more.
import { createHash } from "node:crypto";
import { DeskError } from "../errors";
import { type Blobs, removeBlobs } from "../files/blobs";
import type { Session } from "../model/desk";
import type { ActorType } from "../model/operations";
import type { ErasedCounts } from "../store/privacy";
import type { Stores } from "../store/stores";
import { endSession } from "./steps";

export interface Erased {
  counts: ErasedCounts;
  /** The session that was open (waiting or active) and was ended first, as it was. */
  ended: Session | null;
  /** What the audit log now names the user by. */
  pseudonym: string;
}

/**
 * The name an erased user keeps in the audit log: a hash of bot and userid, so an operator
 * asked "was this user erased?" can check, but the log does not say who by itself.
 */
export const pseudonymOf = (botId: number, userid: string) =>
  `erased:${createHash("sha256").update(`${botId}:${userid}`).digest("hex")}`;

/** Tries to end a session that moves under it at most this often before giving up (409). */
const ATTEMPTS = 5;

/** Erases the user; null when kefu holds nothing about them in this bot. */
export async function eraseUser(
  stores: Stores,
  blobs: Blobs,
  botId: number,
  userid: string,
  actor: { type: ActorType; id: number | null },
  now: number,
): Promise<Erased | null> {
  const erased = await stores.transaction(async (tx) => {
    if (!(await tx.privacy.knows(botId, userid))) return null;
    let ended: Session | null = null;
    for (let attempt = 0; ; attempt++) {
      const open = await tx.sessions.open(botId, userid);
      if (!open) break;
      if (await endSession(tx, open, "user_erased", null, now)) {
        ended = open;
        break;
      }
      if (attempt + 1 >= ATTEMPTS) {
        throw new DeskError("conflict", `the session of ${userid} keeps changing; try again`);
      }
    }
    const pseudonym = pseudonymOf(botId, userid);
    const { counts, fileIds } = await tx.privacy.erase(botId, userid, pseudonym);
    await tx.ops.audit({
      botId,
      actorType: actor.type,
      actorId: actor.id,
      action: "user_erase",
      target: pseudonym,
      details: { ...counts, ended_session: ended !== null },
      now,
    });
    return { erased: { counts, ended, pseudonym }, fileIds };
  });
  if (!erased) return null;
  await removeBlobs(blobs, botId, erased.fileIds);
  return erased.erased;
}
