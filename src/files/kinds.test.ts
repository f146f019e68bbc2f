import { expect, test } from "bun:test";
import { allowedType, cleanName, itemType } from "./kinds";

test("types match exactly or by a trailing *", () => {
  const patterns = ["image/*", "application/pdf"];
  expect(allowedType("image/png", patterns)).toBe(true);
  expect(allowedType("IMAGE/JPEG", patterns)).toBe(true);
  expect(allowedType("application/pdf", patterns)).toBe(true);
  expect(allowedType("application/pdfx", patterns)).toBe(false);
  expect(allowedType("text/html", patterns)).toBe(false);
});

test("pictures, video and voice keep the seed's types; the rest are files", () => {
  expect(["image/png", "video/mp4", "audio/ogg", "application/pdf"].map(itemType)).toEqual([
    "picture",
    "video",
    "voice",
    "file",
  ]);
});

test("a name loses its folders, quotes and control characters", () => {
  expect(cleanName("../../etc/passwd")).toBe("passwd");
  expect(cleanName('C:\\x\\a"b\n.png')).toBe("ab.png");
  expect(cleanName("")).toBe("file");
});
