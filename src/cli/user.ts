// `kefu user export|erase|transcript` (issue 18): one user's data as JSON, that data
// erased, and a bot's conversations over a time range as JSON Lines or CSV on stdout.
import { z } from "zod";
import { eraseUser } from "../desk/erase";
import { transcriptLines, transcriptText } from "../desk/transcript";
import { erasedAnswer, exportUser } from "../desk/user-data";
import { blobsFor } from "../files/blobs";
import { userid } from "../wire/fields";
import {
  commandConfig,
  type Invocation,
  need,
  needBot,
  positiveInt,
  print,
  UsageError,
  withStore,
} from "./args";

const uid = z.string().pipe(userid);
const unix = z
  .string()
  .regex(/^\d{1,12}$/, "expected Unix seconds")
  .transform(Number);

async function exportCommand({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const user = need(values, "uid", uid);
  const data = await withStore(values, async (s) => {
    await needBot(s, bid);
    return exportUser(s, bid, user, Date.now());
  });
  if (!data) throw new UsageError(`bot ${bid} holds nothing about user ${user}`);
  // The export is JSON whichever way it is asked for: it is meant for a machine or a file.
  print(values, data, JSON.stringify(data, null, 2));
}

async function erase({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const user = need(values, "uid", uid);
  const erased = await withStore(values, async (s) => {
    await needBot(s, bid);
    const blobs = blobsFor(commandConfig(values));
    return eraseUser(s, blobs, bid, user, { type: "cli", id: null }, Date.now());
  });
  if (!erased) throw new UsageError(`bot ${bid} holds nothing about user ${user}`);
  const c = erased.counts;
  print(
    values,
    erasedAnswer(bid, user, erased),
    `erased user ${user} of bot ${bid}: ${c.messages} messages, ${c.sessions} sessions, ${c.events} events, ${c.learned} learned answers`,
  );
}

async function transcript({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const from = need(values, "from", unix);
  const to = need(values, "to", unix);
  if (to <= from) throw new UsageError("--to must be after --from");
  const format = need(values, "format", z.enum(["jsonl", "csv"]).default("jsonl"));
  await withStore(values, async (s) => {
    await needBot(s, bid);
    const lines = transcriptLines(s, bid, { from: from * 1000, to: to * 1000 });
    for await (const chunk of transcriptText(lines, format)) {
      if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once("drain", r));
    }
  });
}

export const user = { export: exportCommand, erase, transcript };
