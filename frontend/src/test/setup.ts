import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";

import { installFakeEventSource } from "./fakeEventSource";
import { resetFakeApi } from "./fakeApi";

beforeEach(() => {
  installFakeEventSource();
  resetFakeApi();
  window.history.replaceState(null, "", "/");
});

afterEach(() => {
  cleanup();
});
