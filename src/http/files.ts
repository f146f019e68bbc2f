// /files: an agent uploads a file (multipart, its own token as the bearer) and gets the
// message item to send with send_to_user; the bot, the user and the console fetch it by its
// signed, expiring link, and the bot also with its api key, whenever.
import { randomBytes } from "node:crypto";
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { DeskError, ERRORS } from "../errors";
import { type Blobs, blobKey } from "../files/blobs";
import { allowedType, cleanName, itemType } from "../files/kinds";
import { signedQuery, validSignature } from "../files/signing";
import type { StoredFile } from "../model/files";
import type { MessageItem } from "../wire/items";
import { messageItem } from "../wire/items";
import type { AppEnv, HttpServices } from "./env";
import { errorBody, okBody, routes } from "./openapi-route";

const failure = (description: string) => ({
  description,
  content: { "application/json": { schema: errorBody } },
});

const bearer = (c: Context<AppEnv>) =>
  /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? null;

const upload = createRoute({
  method: "post",
  path: "/files",
  tags: ["files"],
  summary: "An agent uploads a file to send",
  description:
    "Multipart form with one part `file`. Answers the message item to pass to `send_to_user`: `picture`, `video` or `voice` by the file's type, else `file`; `value` is `{url, name, size, mime}` and `url` a signed link valid for `KEFU_FILE_URL_TTL_S`.",
  security: [{ agentToken: [] }],
  request: {
    body: {
      required: true,
      content: {
        "multipart/form-data": {
          schema: z.object({ file: z.string().meta({ format: "binary" }) }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Stored: `data` is the item to send.",
      content: { "application/json": { schema: okBody(messageItem) } },
    },
    400: failure("Not a multipart form with a part `file`."),
    401: failure("No valid agent token: `Authorization: Bearer <token>`."),
    413: failure("A file over `KEFU_FILE_MAX_BYTES`."),
    415: failure("A file type `KEFU_FILE_TYPES` does not allow."),
    500: failure(ERRORS.internal.msg),
  },
});

const download = createRoute({
  method: "get",
  path: "/files",
  tags: ["files"],
  summary: "A file, by its signed link or with the bot's api key",
  description:
    "The link `POST /files` answered (`?id=..&exp=..&sig=..`) works until `exp`; the file's bot may also fetch it with `id` alone and `Authorization: Bearer <api_key>`.",
  request: {
    query: z.object({
      id: z.string().min(1).max(64),
      exp: z.string().max(16).optional(),
      sig: z.string().max(128).optional(),
    }),
  },
  responses: {
    200: {
      description: "The file, with the type it was uploaded with.",
      content: { "*/*": { schema: z.string().meta({ format: "binary" }) } },
    },
    400: failure("No `id`."),
    403: failure("An expired or wrong signature, and no api key of the file's bot."),
    404: failure("No such file."),
  },
});

export interface FileDeps extends HttpServices {
  blobs: Blobs;
}

/** The link to a file for the next KEFU_FILE_URL_TTL_S, on the address given. */
export function fileUrl(base: string, f: StoredFile, ttlS: number, nowMs: number): string {
  const exp = Math.floor(nowMs / 1000) + ttlS;
  return `${base}/files?id=${f.id}&${signedQuery(f.secret, f.id, exp)}`;
}

function itemOf(f: StoredFile, url: string): MessageItem {
  return { type: itemType(f.mime), value: { url, name: f.name, size: f.size, mime: f.mime } };
}

// Served inline only where a browser cannot run it; a sandbox besides, whatever it is.
const INLINE = /^(image\/(png|jpeg|gif|webp)|video\/|audio\/|application\/pdf$|text\/plain$)/;

export function fileRoutes(s: FileDeps) {
  const r = routes();
  r.use(
    "/files",
    bodyLimit({
      // The form's own parts are a few hundred bytes beside the file.
      maxSize: s.config.fileMaxBytes + 64 * 1024,
      onError: () => {
        throw new DeskError("tooLarge", `a file over ${s.config.fileMaxBytes} bytes`);
      },
    }),
  );
  return r
    .serve(upload, async (c) => {
      const token = bearer(c);
      const agent = token ? await s.store.identity.agentByToken(token) : null;
      if (!agent) throw new DeskError("unauthorized", "an agent token is required: Bearer <token>");
      const form = await c.req.formData().catch(() => null);
      const part = form?.get("file");
      if (!(part instanceof File)) {
        throw new DeskError("badRequest", "file: expected a multipart form with a part `file`");
      }
      if (part.size > s.config.fileMaxBytes) {
        throw new DeskError("tooLarge", `a file over ${s.config.fileMaxBytes} bytes`);
      }
      const mime =
        (part.type || "application/octet-stream").split(";")[0]?.trim().toLowerCase() ?? "";
      if (!allowedType(mime, s.config.fileTypes)) {
        throw new DeskError("unsupportedType", `file: type ${mime} is not allowed`);
      }
      const now = Date.now();
      const f: StoredFile = {
        id: randomBytes(18).toString("base64url"),
        botId: agent.botId,
        agentId: agent.id,
        name: cleanName(part.name),
        mime,
        size: part.size,
        secret: randomBytes(32).toString("base64url"),
        createdAt: now,
      };
      // The bytes first: a row never names a file that is not there.
      await s.blobs.put(
        blobKey(f.botId, f.id),
        new Blob([await part.arrayBuffer()], { type: mime }),
      );
      await s.store.files.add(f);
      const base = s.config.publicUrl || new URL(c.req.url).origin;
      return c.json(
        {
          code: 0 as const,
          msg: "ok" as const,
          data: itemOf(f, fileUrl(base, f, s.config.fileUrlTtlS, now)),
        },
        200,
      );
    })
    .serve(download, async (c) => {
      const q = c.req.valid("query");
      const f = await s.store.files.byId(null, q.id);
      if (!f) throw new DeskError("notFound", "no such file");
      const signed = validSignature(f.secret, f.id, q.exp, q.sig, Math.floor(Date.now() / 1000));
      if (!signed) {
        const key = bearer(c);
        const bot = key ? await s.store.identity.botByApiKey(key) : null;
        if (bot?.id !== f.botId)
          throw new DeskError("forbidden", "this link has expired or is not signed");
      }
      const blob = await s.blobs.get(blobKey(f.botId, f.id));
      if (!blob) throw new DeskError("notFound", "the file's bytes are gone");
      const disposition = INLINE.test(f.mime) ? "inline" : "attachment";
      return c.body(blob.stream(), 200, {
        "content-type": f.mime,
        "content-length": String(f.size),
        "content-disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        "content-security-policy": "sandbox; default-src 'none'",
        "x-content-type-options": "nosniff",
        "cache-control": "private, max-age=3600",
      });
    });
}
