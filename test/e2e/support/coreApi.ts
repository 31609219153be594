/// <reference types="node" />
/**
 * Calls the served core's contract from a spec (set-up and clean-up through the API, the way the page
 * itself calls it): every e2e spec shares one library, so what a spec adds it removes here.
 */
import { expect, type APIRequestContext } from '@playwright/test';

const HEADERS = { 'x-phare-client': '1' };

export async function call<T>(request: APIRequestContext, base: string, method: string, input: unknown): Promise<T> {
  const response = await request.post(`${base}/api/call/${method}`, { headers: HEADERS, data: input });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  expect(body.ok, `${method}: ${JSON.stringify(body.error)}`).toBe(true);
  return body.value as T;
}
