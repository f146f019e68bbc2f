// The policy column as both engines read it: the stored JSON over every rule off, so a
// rule added later reads as off on rows written before it.
import type { BotPolicy } from "../wire/policy";

/** Every rule off, and the default aging: what a bot has until someone sets one. */
const OFF: BotPolicy = {
  retention_days: null,
  returning_window_s: null,
  priority_aging_s: 300,
  queue_updates_s: null,
  vip_rule: null,
};

export const toPolicy = (json: string): BotPolicy => ({
  ...OFF,
  ...(JSON.parse(json) as Partial<BotPolicy>),
});
