// Keyboard access to wide tables: a table wider than the page scrolls inside its wrapper,
// and a scrolling region must be reachable with the keyboard (WCAG 2.1.1). Each wrapper that
// scrolls becomes focusable, with a name. It only sets attributes; it never builds HTML.
(function () {
  "use strict";

  function setup() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    Array.prototype.forEach.call(wraps, function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table (scrolls sideways)");
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
