// The registry's figures (sitebuild/macros/figure.py): each link holds the figure's light and
// dark pictures, and the stylesheet shows the one matching the page's colour scheme. The
// lightbox opens the variant on screen: its link follows the colour scheme (Material's palette
// toggle sets data-md-color-scheme on <body>) and the width (the narrow variant below the
// media query of the pictures' <source>).
let lightbox = null;

function variant(link) {
  const dark = document.body.dataset.mdColorScheme === "slate";
  const media = link.querySelector("source")?.media;
  const narrow = Boolean(media) && matchMedia(media).matches;
  return link.getAttribute(`data-bn-${dark ? "dark" : "light"}${narrow ? "-narrow" : ""}`);
}

function sync() {
  const links = document.querySelectorAll("a.bn-lightbox");
  if (links.length === 0 || !("GLightbox" in window)) return;
  for (const link of links) link.setAttribute("href", variant(link));
  if (lightbox) {
    lightbox.reload(); // reads the links again
  } else {
    // As mkdocs-glightbox sets up its own lightbox for the notebook's figures (mkdocs.yml).
    lightbox = GLightbox({
      selector: ".bn-lightbox",
      touchNavigation: true,
      loop: false,
      zoomable: true,
      draggable: true,
      openEffect: "zoom",
      closeEffect: "zoom",
      slideEffect: "slide",
    });
  }
}

document$.subscribe(sync);
new MutationObserver(sync).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
const source = document.querySelector("a.bn-lightbox source");
if (source) matchMedia(source.media).addEventListener("change", sync);
