// What kefu knows of uploaded files (the bytes themselves are in src/files/'s folder or bucket).
import type { StoredFile } from "../model/files";

export interface FileStore {
  add(file: StoredFile): Promise<void>;
  /** The file with that id, if it is the bot's; null otherwise. */
  byId(botId: number | null, id: string): Promise<StoredFile | null>;
}
