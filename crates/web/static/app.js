// Samverka's own script: confirmation before destructive actions.
// Forms with data-confirm ask first; the text comes from the page (translated).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Tables marked `sortable` sort by any column (a button in each heading, so the
// keyboard and screen readers reach it; aria-sort says the order) and get a filter
// box above them that hides the rows not containing the text typed. The words come
// from the table's data attributes, so they follow the page's language.
(function () {
  function cellValue(row, index) {
    var cell = row.children[index];
    var text = cell ? cell.textContent.trim() : "";
    var plain = text.replace(/[\s\u00a0]/g, "").replace(/kr$|%$/, "").replace(",", ".").replace(/^#/, "");
    if (/^-?\d+(\.\d+)?$/.test(plain)) return { number: parseFloat(plain), text: text };
    return { number: null, text: text.toLocaleLowerCase("sv") };
  }

  function compare(a, b) {
    if (a.number !== null && b.number !== null) return a.number - b.number;
    if (a.number !== null) return -1;
    if (b.number !== null) return 1;
    return a.text.localeCompare(b.text, "sv");
  }

  function makeSortable(table) {
    var headings = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    if (!body) return;
    headings.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent.trim();
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      button.setAttribute("title", table.getAttribute("data-sort-label") || "");
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headings.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function addFilter(table, number) {
    var label = table.getAttribute("data-filter-label");
    var body = table.tBodies[0];
    if (!label || !body || body.rows.length < 2) return;
    var holder = table.closest(".table-scroll") || table;
    var box = document.createElement("div");
    box.className = "field table-filter";
    var id = "table-filter-" + number;
    var labelEl = document.createElement("label");
    labelEl.setAttribute("for", id);
    labelEl.textContent = label;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("role", "status");
    box.appendChild(labelEl);
    box.appendChild(input);
    box.appendChild(status);
    holder.parentNode.insertBefore(box, holder);
    var template = table.getAttribute("data-filter-count") || "{shown} / {total}";
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLocaleLowerCase("sv");
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var match = !wanted || row.textContent.toLocaleLowerCase("sv").indexOf(wanted) >= 0;
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = wanted
        ? template.replace("{shown}", shown).replace("{total}", body.rows.length)
        : "";
    });
  }

  function init() {
    document.querySelectorAll("table.sortable").forEach(function (table, i) {
      makeSortable(table);
      addFilter(table, i + 1);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Forms marked `data-progress` say that the work has started (an import can take a
// while) and keep the button from being pressed twice.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var text = form.getAttribute && form.getAttribute("data-progress");
  if (!text || event.defaultPrevented) return;
  var button = form.querySelector("button[type=submit], button:not([type])");
  if (button) button.disabled = true;
  var note = document.createElement("p");
  note.className = "progress";
  note.setAttribute("role", "status");
  note.textContent = text;
  form.appendChild(note);
});
