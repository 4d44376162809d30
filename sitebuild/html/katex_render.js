// Render TeX with the site's own KaTeX, for the build: one JSON request per line on stdin,
// {"tex": "...", "display": true|false}, answered by one JSON line on stdout, {"html": "..."}
// or {"error": "..."} (an invalid formula must fail the build, not reach a reader).
const katex = require("katex");
const readline = require("readline");

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { tex, display } = JSON.parse(line);
  let answer;
  try {
    answer = { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml" }) };
  } catch (error) {
    answer = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
