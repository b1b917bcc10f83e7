// Check the one file-naming convention of frontend/src and frontend/e2e:
// a file is named after what it holds, in camelCase, and a React component's
// file takes the component's PascalCase name (always .tsx). Tests add
// `.test` to their subject's name, browser tests `.e2e`.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOTS = ["src", "e2e"];
const CAMEL = /^[a-z][a-zA-Z0-9]*(\.(test|e2e))?\.(ts|mts|mjs|json)$/;
const COMPONENT = /^([A-Z][a-zA-Z0-9]*|[a-z][a-zA-Z0-9]*)(\.test)?\.tsx$/;
const FOLDER = /^[a-z][a-zA-Z0-9]*$/;
const ASSETS = /^[a-z][a-zA-Z0-9]*\.(css|png|svg)$|^\.gitkeep$/;

function check(dir, problems) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!FOLDER.test(entry.name)) problems.push(`folder ${path}`);
      if (entry.name !== "screenshots") check(path, problems);
    } else if (![CAMEL, COMPONENT, ASSETS].some((re) => re.test(entry.name))) {
      problems.push(`file ${path}`);
    } else if (!namesItsComponent(path, entry.name)) {
      problems.push(`file ${path} (does not export its namesake component)`);
    }
  }
  return problems;
}

function namesItsComponent(path, name) {
  const component = /^([A-Z][a-zA-Z0-9]*)\.tsx$/.exec(name)?.[1];
  if (!component) return true;
  return readFileSync(path, "utf8").includes(`export function ${component}(`);
}

const problems = ROOTS.flatMap((root) => check(root, []));
if (problems.length > 0) {
  console.error("Names outside the convention (camelCase, PascalCase.tsx):");
  for (const p of problems) console.error(`  ${relative(".", p)}`);
  process.exit(1);
}
console.log("file names ok");
