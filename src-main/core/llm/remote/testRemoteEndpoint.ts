/**
 * The "test connection" button: `GET /v1/models` on the server, which every OpenAI-compatible server
 * answers without running a model. Never throws: the outcome is a value the UI shows as it is.
 */
import { z } from 'zod';
import type { RemoteTestResult } from '../../../../src-shared/domain';
import { PhareError, toErrorValue, type Lang } from '../../../../src-shared/errors';
import { displayUrl, endpointUrl, httpError, IdleDeadline, networkError, requestHeaders, timeoutError, type RemoteEndpoint } from './remoteEndpoint';

const TEST_TIMEOUT_MS = 10_000;

const ModelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

export async function testRemoteEndpoint(
  request: RemoteEndpoint & { model?: string },
  lang: Lang,
  timeoutMs = TEST_TIMEOUT_MS,
): Promise<RemoteTestResult> {
  const shownUrl = displayUrl(request.baseUrl);
  const deadline = new IdleDeadline(timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(endpointUrl(request.baseUrl, 'models'), { headers: requestHeaders(request, 'application/json'), signal: deadline.signal });
      if (!response.ok) throw await httpError(response, shownUrl, request.apiKey);
      const parsed = ModelListSchema.safeParse(await response.json());
      if (!parsed.success) {
        throw new PhareError('REMOTE_ERROR', { url: shownUrl, status: response.status, detail: 'the answer is not an OpenAI-style model list' });
      }
      const models = parsed.data.data.map((m) => m.id);
      const wanted = request.model?.trim();
      if (wanted && !models.includes(wanted)) {
        return { ok: false, models, error: new PhareError('REMOTE_MODEL_MISSING', { url: shownUrl, model: wanted }).toValue(lang) };
      }
      return { ok: true, models };
    } catch (error) {
      if (deadline.expired) throw timeoutError(shownUrl, timeoutMs);
      throw networkError(error, shownUrl, false);
    }
  } catch (error) {
    return { ok: false, error: toErrorValue(error, lang) };
  } finally {
    deadline.clear();
  }
}
