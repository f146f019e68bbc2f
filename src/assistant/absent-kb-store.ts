// The knowledge base where its store is not built yet (PostgreSQL: issue 14 left it for
// later). The assistant keeps working without it: a search finds nothing, so answers come
// from the language model alone if one is set; what agents teach it is not kept; loading
// or editing entries is refused plainly rather than accepted and lost.
import { DeskError } from "../errors";
import type { KbStore } from "./kb-store";

const refused = (): never => {
  throw new DeskError("conflict", "the knowledge base is not available on PostgreSQL yet");
};

export function createAbsentKbStore(): KbStore {
  return {
    add: async () => refused(),
    update: async () => refused(),
    remove: async () => refused(),
    get: async () => null,
    list: async () => [],
    search: async () => [],
    feedback: async () => {},
    learn: async () => {},
    miss: async () => {},
    misses: async () => [],
    dropMisses: async () => {},
  };
}
