// The language links point at the same page in the other language (partials/alternate.html);
// carry the section the reader is on (#fragment) across the switch too.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-bn-alternate]");
  if (link) link.hash = window.location.hash;
});
