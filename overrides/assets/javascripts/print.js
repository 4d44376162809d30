// Printing (and `make pdf`): the stylesheet writes each link's address after it, from
// data-bn-href, resolved against the page's published address (its canonical URL) rather than
// wherever it is served from. Links within the page, to a figure or a permalink are left out.
document$.subscribe(() => {
  const base = document.querySelector("link[rel='canonical']")?.href ?? location.href;
  for (const link of document.querySelectorAll(".md-content a[href]")) {
    const href = link.getAttribute("href");
    if (href.startsWith("#") || link.matches(".headerlink, .bn-lightbox, .glightbox, .md-button, .footnote-ref, .footnote-backref")) continue;
    link.dataset.bnHref = new URL(href, base).href;
  }
});

// A page printed while it shows the dark scheme prints in the light one.
let scheme = null;
addEventListener("beforeprint", () => {
  scheme = document.body.getAttribute("data-md-color-scheme");
  document.body.setAttribute("data-md-color-scheme", "default");
});
addEventListener("afterprint", () => {
  if (scheme) document.body.setAttribute("data-md-color-scheme", scheme);
});
