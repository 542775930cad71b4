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

// Rule builder: add/remove condition rows and groups without writing JSON, and offer
// only the operators that fit the chosen field's type.
(function () {
  const builder = document.getElementById("builder");
  if (!builder) return;
  const template = document.getElementById("row-template");
  let nextGroup = builder.querySelectorAll("fieldset[data-group]").length + 1;
  const fitOperators = (row) => {
    const field = row.querySelector("[data-field]");
    const type = field.selectedOptions[0] && field.selectedOptions[0].dataset.type;
    const operator = row.querySelector("[data-operator]");
    for (const option of operator.options) {
      option.hidden = Boolean(type) && !option.dataset.types.split(" ").includes(type);
    }
    if (operator.selectedOptions[0] && operator.selectedOptions[0].hidden) {
      const first = [...operator.options].find((option) => !option.hidden);
      if (first) operator.value = first.value;
    }
  };
  const addRow = (container, group) => {
    const html = template.innerHTML.replace(/__G__/g, String(group));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    const addButton = container.querySelector(":scope > [data-add-row]");
    container.insertBefore(row, addButton);
    row.querySelector("select").focus();
  };
  builder.addEventListener("change", (event) => {
    if (event.target.matches("[data-field]")) fitOperators(event.target.closest("[data-row]"));
  });
  builder.addEventListener("click", (event) => {
    const target = event.target;
    if (target.matches("[data-add-row]")) {
      const group = target.dataset.addRow;
      addRow(builder.querySelector(`[data-group="${group}"]`) || target.parentElement, group);
    } else if (target.matches("[data-remove-row]")) {
      target.closest("[data-row]").remove();
    } else if (target.matches("[data-add-group]")) {
      const group = nextGroup++;
      const fieldset = document.createElement("fieldset");
      fieldset.className = "card";
      fieldset.dataset.group = String(group);
      fieldset.innerHTML = `<legend>${target.textContent} ${group}</legend>
        <input type="hidden" name="group_id" value="${group}">
        <select name="group_mode" aria-label="mode"><option value="all">all</option><option value="any">any</option></select>
        <button type="button" data-add-row="${group}">+</button>`;
      document.getElementById("new-groups").appendChild(fieldset);
      addRow(fieldset, group);
    }
  });
  builder.querySelectorAll("[data-row]").forEach(fitOperators);
})();
