import {
  AxiosError,
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from "axios";

import { apiClient } from "../api/client";

/**
 * A fake API behind the real axios client, for component tests only.
 * Handlers answer with a raw JSON text, so responses go through axios's
 * own parsing as they would from the network.
 */
export interface FakeResponse {
  status: number;
  /** The body as sent on the wire. */
  body: string;
}

type Handler = (
  params: URLSearchParams,
) => FakeResponse | Promise<FakeResponse>;

const routes = new Map<string, Handler>();
export const requests: string[] = [];

/** Answer `GET /api/v1<path>` with `handler`. */
export function route(path: string, handler: Handler): void {
  routes.set(path, handler);
}

/** A JSON answer, 200 unless told. */
export function json(body: unknown, status = 200): FakeResponse {
  return { status, body: JSON.stringify(body) };
}

/** An error answer in the contract's shape. */
export function apiError(status: number, code: string, message: string) {
  return json({ error: { code, message } }, status);
}

export function resetFakeApi(): void {
  routes.clear();
  requests.length = 0;
  apiClient.defaults.adapter = fakeAdapter;
}

const fakeAdapter: AxiosAdapter = async (config) => {
  const url = new URL(apiClient.getUri(config));
  const path = url.pathname.replace(/^\/api\/v1/, "");
  requests.push(`${path}${url.search}`);
  const handler = routes.get(decodeURIComponent(path));
  if (!handler) {
    throw new AxiosError("Network Error", AxiosError.ERR_NETWORK, config);
  }

  const answer = await handler(url.searchParams);
  const response = toResponse(answer, config);
  if (answer.status >= 400) {
    throw new AxiosError(
      `Request failed with status code ${answer.status}`,
      AxiosError.ERR_BAD_RESPONSE,
      config,
      undefined,
      response,
    );
  }
  return response;
};

function toResponse(
  answer: FakeResponse,
  config: InternalAxiosRequestConfig,
): AxiosResponse {
  // The raw text: axios parses it after the adapter, as for the network.
  return {
    data: answer.body,
    status: answer.status,
    statusText: String(answer.status),
    headers: new AxiosHeaders({ "content-type": "application/json" }),
    config,
  };
}
