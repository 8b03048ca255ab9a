import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415,
  ) {
    super(message);
  }
}

/** A form with one uploaded file, held in memory up to `maxBytes`; larger uploads are refused. */
export async function readUploadForm(request: Request, maxBytes: number): Promise<FormData> {
  // the whole body is bounded up front: a streamed body without a length could carry any number of parts
  const declared = Number(request.headers.get("Content-Length") ?? NaN);
  if (!Number.isFinite(declared)) throw new UploadError("Send the file with the upload form.", 400);
  if (declared > maxBytes + 64 * 1024) throw new UploadError(tooLarge(maxBytes), 413);
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) throw new UploadError("Send the file with the upload form.", 415);
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) throw new UploadError(tooLarge(maxBytes), 413);
    throw new UploadError("The upload could not be read. Try again.", 400);
  }
}

function tooLarge(maxBytes: number) {
  return `The file is too large: the limit is ${Math.round(maxBytes / 1024 / 1024)} MB.`;
}
