// The questionnaire designer: progressive enhancement of server-rendered pages.
// - Preview: questions with a condition appear and disappear as the region will see them.
// - Question form: the choices field shows only for choice questions.
// - Reordering: drag a question by its handle, or focus the handle, press Space, move it
//   with the arrow keys and press Space again (Escape puts it back). The new order is posted
//   to the same address as the Up/Down buttons, which keep working without JavaScript.
(function () {
  "use strict";

  // --- Preview -------------------------------------------------------------------------------
  document.querySelectorAll("[data-preview]").forEach(function (preview) {
    function values(name) {
      return Array.prototype.filter.call(preview.querySelectorAll("input, select, textarea"), function (el) {
        return el.name === name && (el.type !== "radio" && el.type !== "checkbox" || el.checked);
      }).map(function (el) { return el.value; });
    }
    function apply() {
      preview.querySelectorAll("[data-shown-if]").forEach(function (field) {
        field.hidden = values(field.dataset.shownIf).indexOf(field.dataset.shownValue) === -1;
      });
    }
    preview.addEventListener("change", apply);
    preview.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  });

  // --- Question form: choices only for choice questions -------------------------------------
  var kind = document.getElementById("id_kind");
  var choices = document.querySelector("[data-choices]");
  if (kind && choices) {
    var showChoices = function () {
      choices.hidden = kind.value !== "choice" && kind.value !== "multiple_choice";
    };
    kind.addEventListener("change", showChoices);
    showChoices();
  }

  // --- Reordering ----------------------------------------------------------------------------
  var announce = document.getElementById("designer-announce");
  var help = document.getElementById("designer-handle-help");
  var lists = document.querySelectorAll("[data-reorder]");
  if (!lists.length || !window.fetch) return;
  if (help) help.hidden = false;

  function say(text) { if (announce) announce.textContent = text; }
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function lockVersion() {
    var input = document.querySelector("input[name=lock_version]");
    return input ? input.value : "";
  }
  function labelOf(item) {
    var label = item.querySelector(".designer-question__label strong");
    return label ? label.textContent : "";
  }

  function save(list, moved) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf());
    body.append("lock_version", lockVersion());
    body.append("section", list.dataset.section);
    body.append("order", Array.prototype.map.call(list.children, function (li) {
      return li.dataset.code;
    }).join(","));
    return fetch(list.dataset.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        say((result.data.errors || []).join(" "));
        return;
      }
      // The page (preview, buttons, lock) is rebuilt by the server; come back to the handle.
      try { sessionStorage.setItem("designer-focus", moved.dataset.code); } catch (e) { /* private mode */ }
      window.location.reload();
    }).catch(function () { say(list.dataset.failed || ""); });
  }

  lists.forEach(function (list) {
    var dragged = null;
    Array.prototype.forEach.call(list.children, function (item) {
      var handle = item.querySelector(".designer-handle");
      handle.hidden = false;
      item.draggable = true;
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("is-moving");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.dataset.code);
      });
      item.addEventListener("dragover", function (event) {
        if (!dragged || dragged === item || dragged.parentNode !== list) return;
        event.preventDefault();
        var box = item.getBoundingClientRect();
        list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? item : item.nextSibling);
      });
      item.addEventListener("dragend", function () {
        if (!dragged) return;
        var moved = dragged;
        dragged = null;
        moved.classList.remove("is-moving");
        save(list, moved);
      });

      var start = null;
      handle.addEventListener("keydown", function (event) {
        var grabbed = handle.getAttribute("aria-pressed") === "true";
        if (event.key === " " || event.key === "Enter") {
          event.preventDefault();
          if (!grabbed) {
            start = Array.prototype.indexOf.call(list.children, item);
            handle.setAttribute("aria-pressed", "true");
            item.classList.add("is-moving");
            say(labelOf(item) + ": " + (Array.prototype.indexOf.call(list.children, item) + 1) +
                " / " + list.children.length);
          } else {
            handle.setAttribute("aria-pressed", "false");
            item.classList.remove("is-moving");
            if (Array.prototype.indexOf.call(list.children, item) !== start) save(list, item);
          }
        } else if (grabbed && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
          event.preventDefault();
          if (event.key === "ArrowUp" && item.previousElementSibling) {
            list.insertBefore(item, item.previousElementSibling);
          } else if (event.key === "ArrowDown" && item.nextElementSibling) {
            list.insertBefore(item.nextElementSibling, item);
          }
          handle.focus();
          say(labelOf(item) + ": " + (Array.prototype.indexOf.call(list.children, item) + 1) +
              " / " + list.children.length);
        } else if (grabbed && event.key === "Escape") {
          event.preventDefault();
          list.removeChild(item);
          list.insertBefore(item, list.children[start] || null);
          handle.setAttribute("aria-pressed", "false");
          item.classList.remove("is-moving");
          handle.focus();
        }
      });
    });
  });

  try {
    var code = sessionStorage.getItem("designer-focus");
    sessionStorage.removeItem("designer-focus");
    var again = code && document.getElementById("q-" + code);
    if (again) again.querySelector(".designer-handle").focus();
  } catch (e) { /* private mode */ }
})();
