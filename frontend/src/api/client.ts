import axios from "axios";

import { config } from "../config";

/** Milliseconds before a REST call gives up. */
export const REQUEST_TIMEOUT_MS = 5000;

/** The one HTTP client of the page, pointed at `VITE_API_URL`. */
export const apiClient = axios.create({
  baseURL: `${config.apiUrl}/api/v1`,
  timeout: REQUEST_TIMEOUT_MS,
  headers: { Accept: "application/json" },
});

/** Build an absolute API URL, for clients that are not axios (SSE). */
export function apiUrl(path: string): string {
  return `${config.apiUrl}/api/v1${path}`;
}
