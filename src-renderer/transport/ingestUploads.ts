/**
 * `library.ingestUploads` for files the page holds (a browser has no paths): streamed by the transport
 * when it can (the HTTP bridge's upload route: the bytes go from disk to the server as they are sent),
 * else sent as base64 in the call.
 */
import type { IngestJob, OcrMode } from '../../src-shared/domain';
import { ContractCallError } from '../../src-shared/rpc';
import { readFileBase64 } from '../lib/readFileBase64';
import { client, transport } from './client';

export async function ingestUploads(files: File[], input: { collection?: string; ocr?: OcrMode }): Promise<IngestJob> {
  if (transport.uploadFiles) {
    const result = await transport.uploadFiles(files, input);
    if (!result.ok) throw new ContractCallError(result.error);
    // The server checked it against the method's output schema, as for any call.
    return result.value as IngestJob;
  }
  const payload = await Promise.all(files.map(async (f) => ({ name: f.name, dataBase64: await readFileBase64(f) })));
  return client.call('library.ingestUploads', { files: payload, ...input });
}
