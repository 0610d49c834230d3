// Budget lines of an activity, as progressive enhancement: "Add a line" and "Remove" work in
// place, and the running total adds up subsidy and co-financing against the allocation and
// the co-financing ratio while the region types. Without JavaScript the form still works:
// empty rows are ignored and saving gives new empty rows.
(function () {
  "use strict";
  var table = document.getElementById("budget-lines");
  if (!table) return;
  var body = table.querySelector("tbody");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  var template = document.getElementById("budget-line-template");
  var box = document.getElementById("running-total");
  var lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
  var money = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });

  // The way people type amounts (see core/numbers.py): 1234.56, 1234,56, 1.234,56.
  function amount(text) {
    var t = (text || "").replace(/[€\s\u00a0\u202f]/g, "");
    // 1.000 or 12,345 could be either separator: the server refuses it, so it counts nothing.
    if (!t || /^\d{1,3}[.,]\d{3}$/.test(t)) return 0;
    var comma = t.lastIndexOf(","), dot = t.lastIndexOf(".");
    if (comma >= 0 && dot >= 0) {
      t = comma > dot ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
    } else if (comma >= 0) {
      t = (t.match(/,/g).length > 1) ? t.replace(/,/g, "") : t.replace(",", ".");
    } else if (dot >= 0 && t.match(/\./g).length > 1) {
      t = t.replace(/\./g, "");
    }
    var value = Number(t);
    return isFinite(value) ? value : 0;
  }

  function sum(field) {
    var s = 0;
    body.querySelectorAll("input[name$='-" + field + "']").forEach(function (input) {
      if (!input.closest("tr").hidden) s += amount(input.value);
    });
    return s;
  }

  function show(name, value) {
    var el = box.querySelector("[data-total='" + name + "']");
    if (el) el.textContent = money.format(value);
  }

  function recount() {
    if (!box) return;
    var subsidy = sum("subsidy"), cofinancing = sum("cofinancing");
    var planSubsidy = Number(box.dataset.otherSubsidy) + subsidy;
    var planCofinancing = Number(box.dataset.otherCofinancing) + cofinancing;
    show("activity-subsidy", subsidy);
    show("activity-cofinancing", cofinancing);
    show("plan-subsidy", planSubsidy);
    show("plan-cofinancing", planCofinancing);
    var warnings = [];
    if (box.dataset.allocation !== "") {
      var left = Number(box.dataset.allocation) - planSubsidy;
      var label = box.querySelector("[data-total='left-label']");
      label.textContent = left < 0 ? label.dataset.over : label.dataset.under;
      show("left", Math.abs(left));
      if (left < -0.005) warnings.push(box.dataset.textOver);
    }
    if (planCofinancing + 0.005 < planSubsidy * Number(box.dataset.ratio)) {
      warnings.push(box.dataset.textShort);
    }
    var warning = box.querySelector("[data-total='warning']");
    warning.textContent = warnings.join(" ");
    warning.hidden = warnings.length === 0;
  }

  function removeButton(row) {
    var cell = row.querySelector("td.row-actions");
    if (!cell || cell.querySelector("button")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "row-remove";
    button.textContent = table.dataset.textRemove;
    button.addEventListener("click", function () {
      // A blank row is ignored when saved: clearing it removes the line.
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      row.hidden = true;
      recount();
      var add = document.getElementById("budget-line-add");
      if (add) add.focus();
    });
    cell.appendChild(button);
  }

  body.querySelectorAll("tr").forEach(removeButton);

  var add = document.createElement("button");
  add.type = "button";
  add.id = "budget-line-add";
  add.className = "utrecht-button utrecht-button--secondary-action";
  add.textContent = table.dataset.textAdd;
  add.addEventListener("click", function () {
    var index = Number(total.value);
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var row = body.lastElementChild;
    removeButton(row);
    row.querySelector("input").focus();
  });
  var hint = document.getElementById("lines-hint");
  if (hint) hint.textContent = table.dataset.textHint;
  table.closest(".table-scroll").insertAdjacentElement("afterend", add);

  table.addEventListener("input", recount);
  recount();
})();
