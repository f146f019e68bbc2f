// Uploads as the console does: a multipart form with one part `file`, the agent's token as
// the bearer.
export interface Uploaded {
  status: number;
  body: {
    code: number;
    msg: string;
    data: { type: string; value: { url: string; name: string; size: number; mime: string } };
  };
}

export async function upload(
  baseUrl: string,
  token: string,
  file: Blob,
  name: string,
): Promise<Uploaded> {
  const form = new FormData();
  form.append("file", file, name);
  const res = await fetch(`${baseUrl}/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Uploaded["body"] };
}

/** A PNG of one transparent pixel. */
export const PIXEL = new Blob(
  [
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
      "base64",
    ),
  ],
  { type: "image/png" },
);
