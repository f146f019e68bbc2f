// zod validation for request bodies and queries, failing with the contract's 400 that
// names the field that is wrong.
import { zValidator } from "@hono/zod-validator";
import type { ZodType } from "zod";
import { DeskError } from "../errors";
import { describeZodError } from "../protocol/dispatcher";

export const json = <T extends ZodType>(schema: T) =>
  zValidator("json", schema, (result) => {
    if (!result.success) throw new DeskError("badRequest", describeZodError(result.error));
  });

export const query = <T extends ZodType>(schema: T) =>
  zValidator("query", schema, (result) => {
    if (!result.success) throw new DeskError("badRequest", describeZodError(result.error));
  });
