// The report form: saves while the region types, keeps unsaved answers in this browser
// (a closed tab or an expired session loses nothing), and shows a question only when the
// answer it depends on asks for it. Without JavaScript the Save button does the same work.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !("fetch" in window)) return;

  var status = document.getElementById("autosave-status");
  var lockInput = form.querySelector("input[name=lock_version]");
  var storageKey = "sectorplan:" + location.pathname;
  var timer = null;
  var saving = false;
  var again = false;
  var stopped = false;

  function say(text) { status.textContent = text; }

  function fields() {
    var data = new FormData(form);
    var plain = [];
    data.forEach(function (value, name) {
      if (typeof value === "string") plain.push([name, value]);
    });
    return plain;
  }

  function remember() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ lock: lockInput.value, fields: fields() }));
    } catch (e) { /* storage full or disabled: autosave still works */ }
  }

  function forget() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing kept */ }
  }

  // --- Conditional questions ---------------------------------------------------------------
  function currentValues(name) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === name && (el.type !== "radio" && el.type !== "checkbox" || el.checked);
    }).map(function (el) { return el.value; });
  }

  function applyConditions() {
    form.querySelectorAll("[data-shown-if]").forEach(function (field) {
      var shown = currentValues(field.dataset.shownIf).indexOf(field.dataset.shownValue) !== -1;
      field.hidden = !shown;
    });
  }

  // --- Saving ------------------------------------------------------------------------------
  function showErrors(errors) {
    form.querySelectorAll(".field__error[id^=err-]").forEach(function (p) {
      var key = p.id.slice(4);
      var message = errors[key];
      p.textContent = message || "";
      p.hidden = !message;
      var field = document.getElementById("field-" + key);
      if (field) field.classList.toggle("field--error", Boolean(message));
    });
  }

  function showMissing(missing) {
    var box = document.getElementById("missing");
    var list = document.getElementById("missing-list");
    if (!box || !list) return;
    list.innerHTML = "";
    missing.forEach(function (part) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#field-" + part.key;
      link.textContent = part.text;
      li.appendChild(link);
      list.appendChild(li);
    });
    box.hidden = missing.length === 0;
  }

  function save() {
    if (stopped) return;
    if (saving) { again = true; return; }
    saving = true;
    again = false;
    var body = new FormData();
    fields().forEach(function (pair) { body.append(pair[0], pair[1]); });
    say(form.dataset.textSaving);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) throw new Error("offline");
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var data = result.data;
      if (!data.saved) {
        stopped = Boolean(data.conflict);
        say(form.dataset.textFailed + " " + (data.errors[""] || []).join(" "));
        return;
      }
      lockInput.value = data.lock_version;
      showErrors(data.errors);
      showMissing(data.missing);
      var failed = Object.keys(data.errors).length;
      say(failed ? form.dataset.textFailed + " " + Object.values(data.errors).join(" ")
                 : form.dataset.textSaved + " " + data.saved_at);
      if (!failed && !again) forget(); else remember();
    }).catch(function () {
      say(form.dataset.textOffline);
    }).then(function () {
      saving = false;
      if (again) schedule();
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  function changed(event) {
    if (event.target.type === "file") return; // files go with the Save button
    applyConditions();
    remember();
    schedule();
  }

  // --- Restoring what a closed tab or an expired session left behind ----------------------
  function restore() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
    if (!kept) return;
    if (kept.lock !== lockInput.value) { forget(); return; } // saved elsewhere since: theirs wins
    var byName = {};
    kept.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || !(el.name in byName)) return;
      var values = byName[el.name];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) !== -1;
      else el.value = values[values.length - 1];
    });
    applyConditions();
    var notice = document.getElementById("autosave-restored");
    notice.textContent = form.dataset.textRestored;
    notice.hidden = false;
    save();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { clearTimeout(timer); stopped = true; });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && timer) { clearTimeout(timer); save(); }
  });
  applyConditions();
  restore();
})();
