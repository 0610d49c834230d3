// The report form: saves while the region types, keeps unsaved answers in this browser
// (a closed tab or an expired session loses nothing), and shows a question only when the
// answer it depends on asks for it. Without JavaScript the Save button does the same work.
// The section navigation: a list beside the form on wide screens, a select on phones; both
// show how far each section is answered, updated after every save.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  var nav = document.getElementById("report-nav");
  if (nav) {
    var jump = nav.querySelector(".report-nav__jump");
    var select = document.getElementById("report-nav-select");
    jump.hidden = false;
    nav.classList.add("report-nav--js");
    select.addEventListener("change", function () {
      var target = document.getElementById(select.value);
      if (target) {
        target.scrollIntoView();
        target.setAttribute("tabindex", "-1");
        target.focus();
      }
    });
  }

  function showSections(sections) {
    if (!nav || !sections) return;
    var open = 0;
    sections.forEach(function (section) {
      open += section.open;
      var label = nav.querySelector("[data-progress='" + section.anchor + "']");
      if (label) {
        label.textContent = label.textContent.replace(/\d+(\D+)\d+/, section.answered + "$1" + section.total);
        label.classList.toggle("report-nav__progress--open", section.open > 0);
      }
      var option = select && select.querySelector("option[value='" + section.anchor + "']");
      if (option) option.textContent = option.textContent.replace(/\(\d+\/\d+\)$/, "(" + section.answered + "/" + section.total + ")");
    });
    var count = document.getElementById("report-open");
    if (count) {
      count.textContent = open === 0 ? count.dataset.none
        : open === 1 ? count.dataset.one : count.dataset.many.replace("99", String(open));
    }
  }

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

  // The answers as last sent, so a change event that changes nothing (a field losing focus)
  // sends no save.
  function answers() {
    return JSON.stringify(fields().filter(function (pair) { return pair[0] !== lockInput.name; }));
  }
  var lastSent = answers();

  function save() {
    timer = null; // nothing is waiting to be saved any more (see visibilitychange)
    if (stopped) return;
    if (saving) { again = true; return; }
    saving = true;
    again = false;
    var body = new FormData();
    fields().forEach(function (pair) { body.append(pair[0], pair[1]); });
    var sending = answers();
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
      lastSent = sending;
      showErrors(data.errors);
      showSections(data.sections);
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
    if (!event.target.name) return; // the section jump and other controls that are no answer
    if (event.target.type === "file") return; // files go with the Save button
    if (!timer && !saving && answers() === lastSent) return; // nothing new to save
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
