// ideawiki's wiki theme: filters and sorting for the year's ideas table. Pages work fully
// without it (every row shown, every value a link to its term page); it only adds speed.
(function () {
  "use strict";

  var table = document.getElementById("iw-ideas-table");
  var form = document.getElementById("iw-filters");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var count = document.getElementById("iw-filter-count");
  form.hidden = false;

  // A row matches when, for every chosen filter, the value is among the row's values
  // (skills and mentors hold several, joined by "|").
  function matches(row) {
    return selects.every(function (s) {
      if (!s.value) { return true; }
      var values = (row.getAttribute("data-" + s.name) || "").split("|");
      return values.indexOf(s.value) !== -1;
    });
  }

  function apply(updateUrl) {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length
      ? "Showing all " + rows.length + " ideas"
      : "Showing " + shown + " of " + rows.length + " ideas";
    if (updateUrl) {
      var params = new URLSearchParams(location.search);
      selects.forEach(function (s) {
        if (s.value) { params.set(s.name, s.value); } else { params.delete(s.name); }
      });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  // The filter state lives in the URL, so a filtered view can be shared.
  var initial = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var wanted = initial.get(s.name);
    if (wanted && s.querySelector('option[value="' + CSS.escape(wanted) + '"]')) { s.value = wanted; }
    s.addEventListener("change", function () { apply(true); });
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { apply(true); }, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply(false);

  // Sorting: each column header becomes a button; a second press reverses the order.
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th) {
    var key = th.getAttribute("data-sort");
    if (!key) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { if (h.hasAttribute("aria-sort")) { h.setAttribute("aria-sort", "none"); } });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = key === "hours";
      rows.sort(function (a, b) {
        var x = a.getAttribute("data-" + key) || "";
        var y = b.getAttribute("data-" + key) || "";
        var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
