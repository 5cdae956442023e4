// Catalog filter: narrows the rows of the catalog table by status, risk domain and issuer.
// Reads the data-status / data-domains / data-issuers attributes the generator put on each row
// and the <select data-filter> controls in the page. It only toggles `hidden` and sets text;
// it never builds HTML from data.
(function () {
  "use strict";

  function setup() {
    var table = document.querySelector("table[data-catalog]");
    var form = document.querySelector("form[data-catalog-filters]");
    var count = document.querySelector("[data-catalog-count]");
    if (!table || !form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));

    function matches(row) {
      return selects.every(function (select) {
        var wanted = select.value;
        if (!wanted) return true;
        var values = (row.getAttribute("data-" + select.dataset.filter) || "").split(" ");
        return values.indexOf(wanted) !== -1;
      });
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " standards";
    }

    selects.forEach(function (select) {
      select.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    apply();
  }

  // Material's instant navigation replaces the page without reloading scripts.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
