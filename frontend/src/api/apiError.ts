import { isAxiosError } from "axios";

/** An API failure reduced to what the page shows and decides on. */
export interface ApiError {
  /** HTTP status, or undefined when the API could not be reached. */
  status?: number;
  /** The contract's error code (`not_found`, ...) or a local one. */
  code: string;
  message: string;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/** Turn whatever an API call threw into an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (!isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: "unexpected", message };
  }
  if (!error.response) {
    return {
      code: "unreachable",
      message: "The API could not be reached.",
    };
  }

  const body = (error.response.data ?? {}) as ErrorBody;
  const code = typeof body.error?.code === "string" ? body.error.code : "http";
  const message =
    typeof body.error?.message === "string"
      ? body.error.message
      : `The API answered ${error.response.status}.`;
  return { status: error.response.status, code, message };
}
