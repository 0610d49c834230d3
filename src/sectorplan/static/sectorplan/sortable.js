// Sortable tables: `<table data-sortable>` gets a button in each column header that sorts the
// body's rows by that column, ascending then descending; `aria-sort` on the header tells a
// screen reader which way. A cell's `data-sort-value` (a plain number or an ISO date) is used
// when present, else its text, compared the way the page's language reads it. Totals in
// `<tfoot>` stay where they are. Without JavaScript the table is simply in the server's order.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort-value")
      ? cell.getAttribute("data-sort-value")
      : cell.textContent.trim();
  }

  function isEmpty(value) {
    return value === "" || value === "–";
  }

  function compare(language) {
    var collator = new Intl.Collator(language, { numeric: true, sensitivity: "base" });
    return function (a, b) {
      var numberA = Number(a);
      var numberB = Number(b);
      if (!isNaN(numberA) && !isNaN(numberB)) return numberA - numberB;
      return collator.compare(a, b);
    };
  }

  function sortBy(table, header, index) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var order = compare(document.documentElement.lang || "nl");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var valueA = cellValue(a, index);
      var valueB = cellValue(b, index);
      // Empty values ("", "–") go last whichever way the column is sorted.
      if (isEmpty(valueA) || isEmpty(valueB)) {
        return isEmpty(valueA) === isEmpty(valueB) ? 0 : isEmpty(valueA) ? 1 : -1;
      }
      var result = order(valueA, valueB);
      return ascending ? result : -result;
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    table.querySelectorAll("thead th[aria-sort]").forEach(function (other) {
      other.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, header, index);
      });
    });
  });
})();
