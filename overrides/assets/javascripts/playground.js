// The Figure 1 playground's loader (markup: sitebuild/macros/playground.py).
//
// The only part of the playground a page loads with it: it waits until the playground nears
// the viewport, then imports playground-ui.js, which loads the stylesheets, the data and the
// workers. A reader who never scrolls there downloads nothing more.

const MARGIN = "600px 0px";

const root = document.querySelector(".bn-playground");
if (root) {
  const config = JSON.parse(root.dataset.config);
  const open = () => import(new URL(config.ui, document.baseURI).href)
    .then((module) => module.open(root, config))
    .catch((error) => {
      root.querySelector(".bn-playground__status").textContent = config.strings.error;
      console.warn("Figure 1 playground:", error);
    });
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        open();
      }
    }, { rootMargin: MARGIN });
    observer.observe(root);
  } else {
    open();
  }
}
