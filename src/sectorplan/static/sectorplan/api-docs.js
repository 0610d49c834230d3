// Swagger UI for /api/v1/docs/: the schema URL comes from the page, no inline script (CSP).
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");

  // Swagger UI draws some fields without a name a screen reader can read (the examples
  // choice, the parameters of "Try it out"): give each the text beside it, as it appears.
  function nameUnnamedFields(root) {
    root.querySelectorAll("select, input, textarea").forEach(function (field) {
      if (field.labels && field.labels.length) return;
      if (field.getAttribute("aria-label") || field.getAttribute("aria-labelledby")) return;
      var row = field.closest("tr[data-param-name]");
      var name = row
        ? row.getAttribute("data-param-name")
        : field.classList.contains("examples-select-element")
          ? "Example"
          : field.getAttribute("placeholder") || field.getAttribute("title");
      if (name) field.setAttribute("aria-label", name);
    });
    // An example that scrolls sideways must scroll with the keyboard too.
    root.querySelectorAll(".microlight:not([tabindex])").forEach(function (code) {
      code.setAttribute("tabindex", "0");
    });
  }
  // Swagger UI keeps the address's #fragment for itself; the skip link moves the focus.
  document.querySelector(".skip-link").addEventListener("click", function (event) {
    event.preventDefault();
    document.getElementById("main").focus();
  });
  new MutationObserver(function () {
    nameUnnamedFields(element);
  }).observe(element, { childList: true, subtree: true });
  window.ui = SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    // No deep links: they put a link inside each operation's button (nested controls).
    deepLinking: false,
    presets: [SwaggerUIBundle.presets.apis],
    // Without the top bar: its schema-address field had no label, and there is one schema.
    layout: "BaseLayout",
  });
})();
