// Field schemas of what kefu sends (replies and pushes): exact, unlike the request fields in
// fields.ts, which also take the strings the seed writes.
import { z } from "zod";

/** A bot, agent, session or entry id. */
export const sentId = z.number().int().positive();

/** A moment, in Unix seconds. */
export const unixTime = z.number().int().min(0);

/** An agent's status: 0 offline, 1 online, 2 busy, 3 away. */
export const agentStatus = z.number().int().min(0).max(3);
