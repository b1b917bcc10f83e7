/**
 * The page's configuration, read from the build environment once.
 *
 * | variable       | default                 | meaning                      |
 * | -------------- | ----------------------- | ---------------------------- |
 * | `VITE_API_URL` | `http://localhost:5000` | base URL of the Flask API    |
 *
 * Vite inlines `VITE_*` variables at build time, so a static build is bound
 * to the API URL it was built with.
 */

export const DEFAULT_API_URL = "http://localhost:5000";

export interface Config {
  /** Base URL of the REST API, without a trailing slash. */
  apiUrl: string;
}

/** Validate the raw environment and return the typed configuration. */
export function loadConfig(env: Record<string, unknown>): Config {
  const raw = env.VITE_API_URL;
  const value =
    typeof raw === "string" && raw.trim() !== "" ? raw.trim() : DEFAULT_API_URL;

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`VITE_API_URL must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`VITE_API_URL must be http or https, got "${value}"`);
  }

  return { apiUrl: value.replace(/\/+$/, "") };
}

export const config: Config = loadConfig(import.meta.env);
