/**
 * The HTTP bridge's streamed upload (`POST /api/upload`), shared by the browser transport and the
 * server: the body is a small manifest, then the files' bytes one after the other, so a browser can
 * send a Blob of its Files (read from disk as they are sent) and the server can write each file as it
 * arrives, instead of base64 inside one JSON body held whole in memory.
 *
 *   [4 bytes: manifest length, big-endian][manifest: UTF-8 JSON][file 1 bytes]...[file n bytes]
 *
 * The manifest names the files and their sizes, and carries the rest of `library.ingestUploads`' input.
 */
import { z } from 'zod';
import { OcrModeSchema } from './domain';

export const MAX_UPLOAD_MANIFEST_BYTES = 256 * 1024;
export const MAX_UPLOAD_FILES = 100;

export const UploadManifestSchema = z.object({
  files: z
    .array(z.object({ name: z.string().min(1).max(255), size: z.number().int().nonnegative() }))
    .min(1)
    .max(MAX_UPLOAD_FILES),
  collection: z.string().max(200).optional(),
  ocr: OcrModeSchema.optional(),
});
export type UploadManifest = z.infer<typeof UploadManifestSchema>;

/** The bytes that come before the files: the manifest's length, then the manifest. */
export function uploadPrefix(manifest: UploadManifest): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const prefix = new Uint8Array(4 + json.length);
  new DataView(prefix.buffer).setUint32(0, json.length, false);
  prefix.set(json, 4);
  return prefix;
}
