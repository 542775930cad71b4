// Keyboard help for the workplace: "/" focuses the first filter or search field,
// "Escape" leaves it; table rows with data-href open on Enter like links.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
    || target instanceof HTMLSelectElement;
  if (event.key === "/" && !typing) {
    const field = document.querySelector("[data-focus-key] input, [data-focus-key] select");
    if (field) { event.preventDefault(); field.focus(); }
  } else if (event.key === "Escape" && typing) {
    target.blur();
  } else if (event.key === "Enter" && target.dataset && target.dataset.href) {
    window.location = target.dataset.href;
  }
});
document.addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-href]");
  if (row && !event.target.closest("a, button, input, select, textarea")) {
    window.location = row.dataset.href;
  }
});
