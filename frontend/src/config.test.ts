import { DEFAULT_API_URL, loadConfig } from "./config";

test("defaults the API URL to the local stack", () => {
  expect(loadConfig({}).apiUrl).toBe(DEFAULT_API_URL);
  expect(loadConfig({ VITE_API_URL: "  " }).apiUrl).toBe(DEFAULT_API_URL);
});

test("takes VITE_API_URL without its trailing slash", () => {
  const config = loadConfig({ VITE_API_URL: "https://stats.example.org/" });

  expect(config.apiUrl).toBe("https://stats.example.org");
});

test("rejects a VITE_API_URL that is not an http URL", () => {
  expect(() => loadConfig({ VITE_API_URL: "localhost:5000" })).toThrow(
    /VITE_API_URL/,
  );
  expect(() => loadConfig({ VITE_API_URL: "not a url" })).toThrow(
    /absolute URL/,
  );
});
