// Render every formula with the site's own KaTeX: arithmatex's \( \) and \[ \] in pages,
// and $ $ / $$ $$ in the executed notebooks' markdown cells.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  });
});
