import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

try {
  // Imported here, not above, so that a bad VITE_API_URL (src/config.ts
  // throws) is said on the page rather than leaving it blank.
  const { App } = await import("./app/App");
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  root.textContent = `The page cannot start: ${message}`;
  root.setAttribute("role", "alert");
  throw error;
}
