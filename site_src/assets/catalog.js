// Catalog filter, a progressive enhancement: without JavaScript the catalog is a plain table,
// paged, that lists every standard. With it, a search box and the status / risk domain /
// issuer selects filter every standard of the registry: the data comes from registry.json
// (fetched on the first use of the filter), the rows are built with createElement and
// textContent only, never from HTML, so a standard's text always stays text. Until
// registry.json has arrived (or if it cannot be read) the filter narrows the rows of this
// page, from the data-status / data-domains / data-issuers attributes the generator wrote.
(function () {
  "use strict";

  var LIMIT = 100; // rows built at a time; "Show more" adds as many again

  function cell(text, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (text !== null) td.textContent = text;
    return td;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function setup() {
    var root = document.querySelector(".aiss-catalog[data-registry]");
    if (!root) return;
    var table = root.querySelector("table[data-catalog]");
    var form = root.querySelector("form[data-catalog-filters]");
    var count = root.querySelector("[data-catalog-count]");
    if (!table || !form || !count || form.dataset.ready) return;
    form.dataset.ready = "1";
    var body = table.tBodies[0];
    var pageRows = Array.prototype.slice.call(body.rows);
    var pager = root.querySelector("[data-catalog-pager]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var base = root.getAttribute("data-standards") || "../standards/";
    var total = parseInt(root.getAttribute("data-total"), 10) || pageRows.length;
    var paged = pageRows.length < total;
    var pageCount = count.textContent;

    // Display names of the codes, from the options the generator wrote.
    var names = {};
    selects.forEach(function (select) {
      var known = {};
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value) known[option.value] = option.textContent;
      });
      names[select.dataset.filter] = known;
    });

    var label = document.createElement("label");
    label.appendChild(document.createTextNode("Search"));
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Id or title";
    input.setAttribute("data-filter-text", "");
    label.appendChild(input);
    form.insertBefore(label, form.firstChild);

    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button aiss-more";
    more.hidden = true;
    table.parentNode.insertBefore(more, table.nextSibling);

    var standards = null; // the registry's standards, once registry.json has arrived
    var loading = false;
    var limit = LIMIT;

    function words() {
      return input.value.toLowerCase().split(/\s+/).filter(Boolean);
    }

    function active() {
      return words().length > 0 || selects.some(function (s) { return s.value; });
    }

    function values(std, key) {
      if (key === "status") return [std.status];
      if (key === "domains") return std.risk_domains || [];
      if (key === "issuers") return std.issuers || [];
      return [];
    }

    function matches(std, terms) {
      var chosen = selects.every(function (select) {
        return !select.value || values(std, select.dataset.filter).indexOf(select.value) !== -1;
      });
      if (!chosen) return false;
      var text = (String(std.id) + " " + String(std.title)).toLowerCase();
      return terms.every(function (t) { return text.indexOf(t) !== -1; });
    }

    function named(kind, codes) {
      return (codes || []).map(function (c) { return names[kind][c] || c; }).join(", ");
    }

    function row(std) {
      var tr = document.createElement("tr");
      var id = String(std.id);
      var here = base + encodeURIComponent(id) + "/";
      var first = cell(null, "aiss-c-id");
      first.appendChild(link(here, id));
      tr.appendChild(first);
      tr.appendChild(cell(String(std.title), "aiss-c-title"));
      var status = cell(null, "aiss-c-status");
      var badge = document.createElement("span");
      var css = String(std.status).toLowerCase().replace(/[^a-z0-9]+/g, "-");
      badge.className = "aiss-status aiss-status-" + css;
      badge.textContent = String(std.status);
      status.appendChild(badge);
      tr.appendChild(status);
      var latest = cell(std.latest ? null : "none yet", "aiss-c-latest");
      latest.setAttribute("data-label", "Latest version");
      if (std.latest) {
        var version = String(std.latest);
        latest.appendChild(link(here + encodeURIComponent(version) + "/", version));
      }
      tr.appendChild(latest);
      tr.appendChild(cell(named("domains", std.risk_domains), "aiss-wide"));
      tr.appendChild(cell(named("issuers", std.issuers), "aiss-wide"));
      return tr;
    }

    function showPage() {
      var terms = words();
      var shown = 0;
      pageRows.forEach(function (tr) {
        var ok = selects.every(function (select) {
          if (!select.value) return true;
          var have = (tr.getAttribute("data-" + select.dataset.filter) || "").split(" ");
          return have.indexOf(select.value) !== -1;
        });
        if (ok && terms.length) {
          var text = (tr.cells[0].textContent + " " + tr.cells[1].textContent).toLowerCase();
          ok = terms.every(function (t) { return text.indexOf(t) !== -1; });
        }
        tr.hidden = !ok;
        if (ok) shown += 1;
      });
      if (body.rows.length !== pageRows.length || body.rows[0] !== pageRows[0]) {
        body.replaceChildren.apply(body, pageRows);
      }
      if (pager) pager.hidden = active();
      more.hidden = true;
      if (!active()) {
        count.textContent = paged ? pageCount : total + " of " + total + " standards";
      } else {
        count.textContent = shown + " of " + pageRows.length + " standards" +
          (paged ? " on this page" : "");
      }
    }

    function apply() {
      if (!active() || standards === null) {
        showPage();
        return;
      }
      var terms = words();
      var found = standards.filter(function (std) { return matches(std, terms); });
      var rows = document.createDocumentFragment();
      found.slice(0, limit).forEach(function (std) { rows.appendChild(row(std)); });
      body.replaceChildren(rows);
      if (pager) pager.hidden = true;
      var built = Math.min(found.length, limit);
      count.textContent = found.length + " of " + standards.length + " standards" +
        (built < found.length ? ", the first " + built + " shown" : "");
      more.hidden = built >= found.length;
      more.textContent = "Show " + Math.min(LIMIT, found.length - built) + " more";
    }

    function load() {
      if (loading) return;
      loading = true;
      fetch(root.getAttribute("data-registry"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("registry.json: " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (!data || !Array.isArray(data.standards)) throw new Error("registry.json: no list");
          standards = data.standards.filter(function (s) { return s && typeof s === "object"; });
          root.setAttribute("data-catalog-loaded", "");
          apply();
        })
        .catch(function () {
          root.setAttribute("data-catalog-failed", ""); // the filter keeps to this page
        });
    }

    function changed() {
      limit = LIMIT;
      load();
      apply();
    }

    input.addEventListener("input", changed);
    selects.forEach(function (select) {
      select.addEventListener("change", changed);
    });
    form.addEventListener("focusin", load);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    more.addEventListener("click", function () {
      limit += LIMIT;
      apply();
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
