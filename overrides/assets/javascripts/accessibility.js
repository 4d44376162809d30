// Fixes for markup the theme and the notebook renderer create in the browser (axe, WCAG AA).
document$.subscribe(() => {
  // Material wraps each code block's copy button in a <nav>: many unnamed navigation
  // landmarks on one page (landmark-unique). A button bar is not navigation.
  for (const nav of document.querySelectorAll(".md-code__nav")) nav.setAttribute("role", "none");
  // A notebook cell wider than the page scrolls sideways: keyboard users must be able to
  // focus it to scroll it (scrollable-region-focusable), as Material's own code blocks are.
  for (const region of document.querySelectorAll(".jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-OutputArea-output pre")) {
    if (region.scrollWidth > region.clientWidth) region.setAttribute("tabindex", "0");
  }
});
