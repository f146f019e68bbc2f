// How a failed zod parse is told to a client, the same over HTTP, WebSocket and the
// knowledge-base import: the path of the first field that is wrong and what is wrong.

/** "field.path: what is wrong", for the first issue of a failed zod parse. */
export function describeZodError(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
