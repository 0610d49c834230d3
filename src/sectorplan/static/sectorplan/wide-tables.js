// A table wider than the screen scrolls sideways in its `.table-scroll` region. The shadows
// at its edges (sectorplan.css) show that without JavaScript; this adds a line of text above
// such a table (from <template id="scroll-hint"> in base.html), and takes it away again
// when the window grows wide enough.
(function () {
  "use strict";

  function mark() {
    var template = document.getElementById("scroll-hint");
    if (!template) return;
    document.querySelectorAll(".table-scroll").forEach(function (region) {
      var wide = region.scrollWidth > region.clientWidth + 1;
      var hint = region.previousElementSibling;
      var hasHint = hint && hint.classList.contains("scroll-hint");
      if (wide && !hasHint) {
        region.parentNode.insertBefore(template.content.firstElementChild.cloneNode(true), region);
      } else if (!wide && hasHint) {
        hint.remove();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  });
})();
