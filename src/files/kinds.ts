// Which files kefu takes (KEFU_FILE_TYPES: "image/*", "application/pdf", ...), and which
// message item each becomes: pictures, video and voice as the seed's own types, anything
// else as a `file` item.
import type { MessageItem } from "../wire/items";

export function allowedType(mime: string, patterns: readonly string[]): boolean {
  const m = mime.toLowerCase();
  return patterns.some((p) => (p.endsWith("*") ? m.startsWith(p.slice(0, -1)) : m === p));
}

export type FileItemType = Exclude<MessageItem["type"], "text">;

export function itemType(mime: string): FileItemType {
  if (mime.startsWith("image/")) return "picture";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "voice";
  return "file";
}

/** A name safe to show and to put in a header: its last path part, no control characters. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? "";
  const clean = [...base]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join("")
    .trim()
    .slice(0, 200);
  return clean || "file";
}
