// A file an agent uploaded, as kefu keeps it.

export interface StoredFile {
  /** Random; names the file in its URL and in the folder or bucket. */
  id: string;
  botId: number;
  agentId: number | null;
  name: string;
  mime: string;
  size: number;
  /** Signs the file's links; never leaves kefu. */
  secret: string;
  /** Unix ms. */
  createdAt: number;
}
