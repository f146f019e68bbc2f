// A bot's new api key (`kefu bot key`): only its hash is stored, so the old key stops
// working with the same write.
import { eq } from "drizzle-orm";
import { hashSecret, newSecret } from "../secrets";
import type { Db } from "./db";
import { bots } from "./schema/desk";

/** The new key, shown once; null if there is no such bot. */
export function rotateApiKey(db: Db, botId: number): string | null {
  const apiKey = newSecret("kfk");
  const row = db
    .update(bots)
    .set({ apiKeyHash: hashSecret(apiKey) })
    .where(eq(bots.id, botId))
    .returning({ id: bots.id })
    .get();
  return row ? apiKey : null;
}
