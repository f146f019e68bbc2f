// Where uploaded files' bytes live: a folder (the default) or an S3-compatible bucket
// (Bun's own S3 client). Keys are "<bid>/<file id>"; kefu's database holds the rest.
import { mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { S3Client } from "bun";
import type { Config } from "../config";
import { isPostgresUrl } from "../store/engine";

export interface Blobs {
  put(key: string, data: Blob): Promise<void>;
  /** The bytes, or null if they are gone. */
  get(key: string): Promise<Blob | null>;
  /** Deletes the bytes; bytes already gone are no error. */
  remove(key: string): Promise<void>;
  /** Where, for the start banner and errors: "folder /x/files" or "bucket b". */
  label: string;
}

/** Where a file's bytes are kept. */
export const blobKey = (botId: number, fileId: string) => `${botId}/${fileId}`;

/**
 * Deletes the bytes of files whose rows are gone. Called after the commit that deleted the
 * rows: no transaction reaches a folder or a bucket, and bytes deleted before a commit that
 * then failed would leave rows naming nothing; bytes left by a crash in between are named
 * by no row, so no link reaches them.
 */
export async function removeBlobs(blobs: Blobs, botId: number, fileIds: readonly string[]) {
  for (const id of fileIds) await blobs.remove(blobKey(botId, id));
}

/** The folder files go to: the setting, else "files" beside the SQLite database. */
export function filesFolder(config: Pick<Config, "filesDir" | "db">): string {
  if (config.filesDir) return resolve(config.filesDir);
  if (isPostgresUrl(config.db)) return resolve("data", "files");
  return join(dirname(resolve(config.db)), "files");
}

export function folderBlobs(folder: string): Blobs {
  return {
    label: `folder ${folder}`,
    async put(key, data) {
      const path = join(folder, key);
      await mkdir(dirname(path), { recursive: true });
      await Bun.write(path, data);
    },
    async get(key) {
      const file = Bun.file(join(folder, key));
      return (await file.exists()) ? file : null;
    },
    async remove(key) {
      await rm(join(folder, key), { force: true });
    },
  };
}

export function bucketBlobs(config: Config): Blobs {
  const client = new S3Client({
    bucket: config.s3Bucket,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
    ...(config.s3Region ? { region: config.s3Region } : {}),
    ...(config.s3AccessKeyId ? { accessKeyId: config.s3AccessKeyId } : {}),
    ...(config.s3SecretAccessKey ? { secretAccessKey: config.s3SecretAccessKey } : {}),
  });
  return {
    label: `bucket ${config.s3Bucket}`,
    async put(key, data) {
      await client.write(key, data, { type: data.type || "application/octet-stream" });
    },
    async get(key) {
      const file = client.file(key);
      if (!(await file.exists())) return null;
      return new Blob([await file.arrayBuffer()], { type: file.type });
    },
    async remove(key) {
      await client.delete(key);
    },
  };
}

/** The store the settings name: a bucket when KEFU_S3_BUCKET is set, else the folder. */
export function blobsFor(config: Config): Blobs {
  return config.s3Bucket ? bucketBlobs(config) : folderBlobs(filesFolder(config));
}
